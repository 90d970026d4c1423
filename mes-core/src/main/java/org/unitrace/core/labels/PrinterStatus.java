package org.unitrace.core.labels;

import java.util.ArrayList;
import java.util.List;

/**
 * A Zebra printer's answer to {@code ~HS}: three strings, each STX .. ETX CR LF. The first holds
 * the paper-out and pause flags (fields 2 and 3), the second the head-open and ribbon-out flags
 * (fields 3 and 4).
 */
record PrinterStatus(
    String printer,
    String host,
    int port,
    boolean ready,
    boolean paperOut,
    boolean paused,
    boolean headOpen,
    boolean ribbonOut) {

  /** The three strings between STX and ETX, once all have arrived; null while incomplete. */
  static List<String> strings(CharSequence answer) {
    List<String> strings = new ArrayList<>();
    int at = 0;
    while (strings.size() < 3) {
      int stx = indexOf(answer, '\u0002', at);
      int etx = stx < 0 ? -1 : indexOf(answer, '\u0003', stx);
      if (etx < 0) {
        return null;
      }
      strings.add(answer.subSequence(stx + 1, etx).toString());
      at = etx + 1;
    }
    return strings;
  }

  static PrinterStatus parse(String printer, String host, int port, List<String> strings) {
    String[] one = strings.get(0).split(",");
    String[] two = strings.get(1).split(",");
    if (one.length < 3 || two.length < 4) {
      throw new IllegalArgumentException(
          "'%s' is not a ~HS host status".formatted(String.join("|", strings)));
    }
    boolean paperOut = flag(one[1]);
    boolean paused = flag(one[2]);
    boolean headOpen = flag(two[2]);
    boolean ribbonOut = flag(two[3]);
    return new PrinterStatus(
        printer,
        host,
        port,
        !(paperOut || paused || headOpen || ribbonOut),
        paperOut,
        paused,
        headOpen,
        ribbonOut);
  }

  private static boolean flag(String field) {
    String f = field.strip();
    if (!f.equals("0") && !f.equals("1")) {
      throw new IllegalArgumentException("'%s' is not a ~HS flag (0 or 1)".formatted(f));
    }
    return f.equals("1");
  }

  private static int indexOf(CharSequence s, char c, int from) {
    for (int i = from; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }
}
