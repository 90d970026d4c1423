package org.unitrace.line.device.scanner;

import java.util.regex.Pattern;
import org.unitrace.line.gs1.SymbologyIdentifier;

/**
 * The frames of the {@code generic} scanner protocol ({@code docs/devices/scanner-protocol.md}):
 * what the agent sends, and how one read frame becomes a {@link ScanResult}.
 */
public final class ScanFrames {

  /** Starts a read window; the scanner answers with exactly one read frame. */
  public static final String TRIGGER = "TRIGGER";

  /** Ends a read window early; a scanner that has read nothing answers {@link #NOREAD}. */
  public static final String TRIGGER_OFF = "TRIGGER OFF";

  /** What a scanner sends when its read window ended without a decode. */
  public static final String NOREAD = "NOREAD";

  /** Between the data and the verification grade: TAB, then {@code GRADE:}. */
  public static final String GRADE = "\tGRADE:";

  private static final Pattern GRADES = Pattern.compile("[A-F]|[0-4]\\.[0-9]");

  private ScanFrames() {}

  /** A read frame as a verifying scanner sends it: {@code <aim><data>[TAB GRADE:<grade>]}. */
  public static String read(String aim, String data, String grade) {
    return (aim == null ? "" : aim) + data + (grade == null ? "" : GRADE + grade);
  }

  /**
   * Parses one frame the scanner sent. A grade that is not A-F or 0.0-4.0 makes the frame a {@link
   * ScanResult.NoRead} naming the offset: a part is never passed on a grade nobody understood.
   */
  public static ScanResult parse(String frame) {
    String data = frame;
    String grade = null;
    int g = frame.lastIndexOf(GRADE);
    if (g >= 0) {
      grade = frame.substring(g + GRADE.length()).strip();
      data = frame.substring(0, g);
      if (!GRADES.matcher(grade).matches()) {
        return new ScanResult.NoRead(
            "grade '" + grade + "' at offset " + (g + GRADE.length()) + " is not A-F or 0.0-4.0",
            frame);
      }
    }
    if (data.isEmpty()) {
      return new ScanResult.NoRead("empty frame", frame);
    }
    if (data.equals(NOREAD)) {
      return new ScanResult.NoRead("scanner reported NOREAD", frame);
    }
    SymbologyIdentifier.Scanned scanned = SymbologyIdentifier.strip(data);
    if (scanned.data().isEmpty()) {
      return new ScanResult.NoRead("symbology identifier without data", frame);
    }
    return new ScanResult.Read(scanned.data(), scanned.symbology().orElse(null), grade, frame);
  }
}
