package org.unitrace.core.genealogy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads PostgreSQL's text form of a one-dimensional {@code text[]} without NULLs ({@code {a,b,"c
 * d"}}), as the UTF-8 bytes the driver received: cheaper than the driver's array decoding when a
 * page has thousands of them, and the elements can be written on without becoming strings.
 */
final class PostgresArrays {

  private PostgresArrays() {}

  /** Receives each element as UTF-8 bytes: {@code length} bytes of {@code bytes} from offset. */
  interface Elements {
    void element(byte[] bytes, int offset, int length) throws IOException;
  }

  static List<String> texts(byte[] literal) {
    List<String> texts = new ArrayList<>();
    try {
      forEach(literal, (b, off, len) -> texts.add(new String(b, off, len, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return texts;
  }

  /**
   * Each element of {@code literal}, in order. PostgreSQL quotes an element that is empty or holds
   * a brace, a comma, a quote, a backslash or white space; inside quotes a backslash escapes the
   * next character. (Every byte of a multi-byte UTF-8 character is 0x80 or above, so none of them
   * is mistaken for one of these.)
   */
  static void forEach(byte[] literal, Elements elements) throws IOException {
    int end = literal.length - 1;
    if (end < 1 || literal[0] != '{' || literal[end] != '}') {
      throw new IllegalArgumentException(
          "not a one-dimensional array: " + new String(literal, StandardCharsets.UTF_8));
    }
    int i = 1;
    while (i < end) {
      if (literal[i] == '"') {
        byte[] element = new byte[end - i];
        int length = 0;
        for (i++; literal[i] != '"'; i++) {
          if (literal[i] == '\\') {
            i++;
          }
          element[length++] = literal[i];
        }
        elements.element(element, 0, length);
        i++;
      } else {
        int start = i;
        while (i < end && literal[i] != ',') {
          i++;
        }
        elements.element(literal, start, i - start);
      }
      if (i < end) {
        i++; // the comma
      }
    }
  }
}
