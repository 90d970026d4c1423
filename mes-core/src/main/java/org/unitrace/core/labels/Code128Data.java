package org.unitrace.core.labels;

/**
 * The data of a ZPL {@code ^BC} field (mode N) as the characters it encodes: the invocation codes
 * {@code >;} {@code >:} {@code >9} (start C, B, A) and {@code >5} {@code >6} {@code >7} (switch to
 * C, B, A) choose code sets only, {@code >8} is FNC1 (a leading one makes it GS1-128), {@code ><}
 * is a {@code >}.
 */
final class Code128Data {

  /** How ZXing's Code 128 writer is told FNC1. */
  static final char ZXING_FNC1 = '\u00f1';

  private Code128Data() {}

  static String decode(String data, int line) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < data.length(); i++) {
      char c = data.charAt(i);
      if (c != '>') {
        out.append(c);
        continue;
      }
      char code = i + 1 < data.length() ? data.charAt(i + 1) : ' ';
      switch (code) {
        case ';', ':', '9', '5', '6', '7' -> {}
        case '8' -> out.append(ZXING_FNC1);
        case '<' -> out.append('>');
        default ->
            throw new ZplException(
                line,
                "^BC: invocation code '>%s' is not one this system prints (>; >: >9 >5 >6 >7 >8 ><)"
                    .formatted(code));
      }
      i++;
    }
    return out.toString();
  }

  /** The interpretation line: GS1 element strings with their AIs in brackets, else the data. */
  static String humanReadable(String content) {
    if (content.isEmpty() || content.charAt(0) != ZXING_FNC1) {
      return content;
    }
    StringBuilder out = new StringBuilder();
    String rest = content.substring(1);
    while (!rest.isEmpty()) {
      int fixed =
          rest.startsWith("00") ? 18 : rest.startsWith("01") || rest.startsWith("02") ? 14 : -1;
      if (fixed > 0 && rest.length() >= 2 + fixed) {
        out.append('(').append(rest, 0, 2).append(')').append(rest, 2, 2 + fixed);
        rest = rest.substring(2 + fixed);
      } else {
        int next = rest.indexOf(ZXING_FNC1);
        String element = next < 0 ? rest : rest.substring(0, next);
        out.append('(').append(element, 0, Math.min(2, element.length())).append(')');
        out.append(element.length() > 2 ? element.substring(2) : "");
        rest = next < 0 ? "" : rest.substring(next + 1);
      }
    }
    return out.toString();
  }
}
