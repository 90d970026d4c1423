package org.unitrace.line.device.marker;

import java.util.Optional;
import java.util.regex.Pattern;
import lombok.RequiredArgsConstructor;

/**
 * The words of the {@code unitrace-ascii} marker protocol ({@code
 * docs/devices/marker-protocol.md}), in one place so the driver and the marker simulator cannot
 * drift apart on spelling, and the escaping that lets a variable carry any Latin-1 text, GS (0x1D)
 * of a GS1 element string included, through a line-framed channel.
 */
public final class AsciiMarkerProtocol {

  public static final String STATUS = "STATUS?";
  public static final String JOB = "JOB";
  public static final String VAR = "VAR";
  public static final String START = "START";
  public static final String RESET = "RESET";
  public static final String ACK = "ACK";
  public static final String NAK = "NAK";
  public static final String DONE = "DONE";
  public static final String ERR = "ERR";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private AsciiMarkerProtocol() {}

  /** The marker's error codes: two digits, then words for people. */
  @RequiredArgsConstructor
  public enum Error {
    BUSY("01", "busy"),
    INTERLOCK_OPEN("10", "interlock open"),
    LASER_FAULT("11", "laser fault"),
    OVERTEMPERATURE("12", "laser overtemperature"),
    PART_MISSING("13", "no part in the marking position"),
    UNKNOWN_JOB("20", "unknown job"),
    UNKNOWN_VARIABLE("21", "unknown variable"),
    BAD_VALUE("22", "bad variable value"),
    NO_JOB("23", "no job selected"),
    UNKNOWN_COMMAND("30", "unknown command"),
    SYNTAX("31", "syntax error"),
    ABORTED("40", "marking aborted");

    private final String code;
    private final String text;

    public String code() {
      return code;
    }

    public String text() {
      return text;
    }

    /** The error with this code, if the table has it; markers may send codes beyond it. */
    public static Optional<Error> of(String code) {
      for (Error e : values()) {
        if (e.code.equals(code)) {
          return Optional.of(e);
        }
      }
      return Optional.empty();
    }
  }

  /** True for job and variable names the protocol allows: 1-32 of {@code A-Z a-z 0-9 _ . -}. */
  public static boolean isName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /**
   * Escapes a variable value: {@code \} becomes {@code \\}, control bytes (0x00-0x1F, 0x7F) become
   * {@code \xHH}, other Latin-1 characters pass as they are.
   *
   * @throws IllegalArgumentException naming the offset of a character outside Latin-1
   */
  public static String escape(String value) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c > 0xFF) {
        throw new IllegalArgumentException(
            "character U+"
                + Integer.toHexString(c).toUpperCase()
                + " at offset "
                + i
                + " is not Latin-1");
      }
      if (c == '\\') {
        out.append("\\\\");
      } else if (c < 0x20 || c == 0x7F) {
        out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xF]);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Reverses {@link #escape}.
   *
   * @throws IllegalArgumentException naming the offset of a bad escape or a raw control byte
   */
  public static String unescape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7F) {
        throw new IllegalArgumentException(
            "raw control byte 0x"
                + hex(c)
                + " at offset "
                + i
                + " (write it as \\x"
                + hex(c)
                + ")");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (i + 1 < text.length() && text.charAt(i + 1) == '\\') {
        out.append('\\');
        i++;
      } else if (i + 3 < text.length() && text.charAt(i + 1) == 'x') {
        int hi = Character.digit(text.charAt(i + 2), 16);
        int lo = Character.digit(text.charAt(i + 3), 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("bad \\x escape at offset " + i);
        }
        out.append((char) (hi << 4 | lo));
        i += 3;
      } else {
        throw new IllegalArgumentException(
            "bad escape at offset " + i + " (only \\\\ and \\xHH are allowed)");
      }
    }
    return out.toString();
  }

  private static String hex(char c) {
    return "" + HEX[(c >> 4) & 0xF] + HEX[c & 0xF];
  }
}
