package org.unitrace.core.genealogy;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads PostgreSQL's text form of a one-dimensional {@code text[]} without NULLs ({@code {a,b,"c
 * d"}}): cheaper than the driver's array decoding when a page has thousands of them.
 */
final class PostgresArrays {

  private PostgresArrays() {}

  /**
   * The elements of {@code literal}: an element is quoted when it is empty or holds a brace, a
   * comma, a quote, a backslash or white space, and inside quotes a backslash escapes the next
   * character.
   */
  static List<String> texts(String literal) {
    int end = literal.length() - 1;
    if (end < 1 || literal.charAt(0) != '{' || literal.charAt(end) != '}') {
      throw new IllegalArgumentException("not a one-dimensional array: " + literal);
    }
    List<String> elements = new ArrayList<>();
    int i = 1;
    while (i < end) {
      if (literal.charAt(i) == '"') {
        StringBuilder element = new StringBuilder();
        i++;
        for (char c; (c = literal.charAt(i)) != '"'; i++) {
          if (c == '\\') {
            c = literal.charAt(++i);
          }
          element.append(c);
        }
        elements.add(element.toString());
        i++;
      } else {
        int comma = literal.indexOf(',', i);
        int stop = comma < 0 || comma > end ? end : comma;
        elements.add(literal.substring(i, stop));
        i = stop;
      }
      if (i < end && literal.charAt(i) == ',') {
        i++;
      }
    }
    return elements;
  }
}
