package org.unitrace.core.labels;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Values written into ZPL field data, and read back from it. A value can never end a field or start
 * a command: with {@code ^FH}, {@code ^}, {@code ~}, the hex indicator, control characters and
 * anything beyond ASCII are written as hex bytes (UTF-8, for {@code ^CI28}); in a DataMatrix field
 * with an escape character they are written as that character's {@code dNNN} escapes. The character
 * {@link #FNC1} in a value stands for the GS1 function character FNC1.
 */
final class FieldData {

  /** FNC1 inside values: GS (ASCII 29), which is also what a scanner sends for it. */
  static final char FNC1 = '\u001d';

  private FieldData() {}

  /**
   * For a field with {@code ^FH} and that indicator; in Code 128 a {@code >} doubles as {@code ><}.
   */
  static String hexEscaped(String value, char indicator, boolean code128) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c < 0x20 || c > 0x7e || c == '^' || c == '~' || c == indicator) {
        out.append(indicator).append(String.format("%02X", c));
      } else if (code128 && c == '>') {
        out.append("><");
      } else {
        out.append((char) c);
      }
    }
    return out.toString();
  }

  /** For a {@code ^BX} field with escape character {@code escape}: FNC1 as {@code escape1}. */
  static String dataMatrixEscaped(String value, char escape) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c == FNC1) {
        out.append(escape).append('1');
      } else if (c < 0x20 || c > 0x7e || c == '^' || c == '~' || c == escape) {
        out.append(escape).append('d').append(String.format("%03d", c));
      } else {
        out.append((char) c);
      }
    }
    return out.toString();
  }

  /** Field data as printed: {@code ^FH} hex bytes decoded, as UTF-8. */
  static String hexDecoded(String data, Character indicator, int line) {
    if (indicator == null) {
      return data;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < data.length(); i++) {
      char c = data.charAt(i);
      if (c == indicator) {
        if (i + 2 >= data.length()) {
          throw new ZplException(line, "^FH: '%s' at the end of the field data".formatted(c));
        }
        String hex = data.substring(i + 1, i + 3);
        try {
          bytes.write(Integer.parseInt(hex, 16));
        } catch (NumberFormatException e) {
          throw new ZplException(
              line, "^FH: '%s%s' is not a hex byte (field data '%s')".formatted(c, hex, data));
        }
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /**
   * DataMatrix content as encoded: {@code escape1} is FNC1, {@code escapedNNN} the byte NNN (as
   * ISO-8859-1, the DataMatrix default character set).
   */
  static String dataMatrixDecoded(String data, Character escape, int line) {
    if (escape == null) {
      return data;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < data.length(); i++) {
      char c = data.charAt(i);
      if (c != escape) {
        out.append(c);
        continue;
      }
      char next = i + 1 < data.length() ? data.charAt(i + 1) : ' ';
      if (next == '1') {
        out.append(FNC1);
        i++;
      } else if (next == 'd'
          && i + 5 <= data.length()
          && data.substring(i + 2, i + 5).chars().allMatch(Character::isDigit)
          && Integer.parseInt(data.substring(i + 2, i + 5)) < 256) {
        out.append((char) Integer.parseInt(data.substring(i + 2, i + 5)));
        i += 4;
      } else {
        throw new ZplException(
            line,
            "^BX: escape '%s%s' is not one this system prints (%s1 for FNC1, %sdNNN for a byte)"
                .formatted(escape, next, escape, escape));
      }
    }
    return out.toString();
  }
}
