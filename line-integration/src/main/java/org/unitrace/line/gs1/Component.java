package org.unitrace.line.gs1;

import java.util.List;

/**
 * One component of an AI's data field, e.g. {@code N6,yymmd0} or {@code [X..17]}: its character
 * set, length bounds, whether it may be left out and the linters that check its content.
 */
record Component(
    CharacterSet set, int minLength, int maxLength, boolean optional, List<String> linters) {

  Component {
    linters = List.copyOf(linters);
  }

  /**
   * Parses a specification token such as {@code N13,csum}, {@code X..20} or {@code [N3],iso3166}.
   */
  static Component parse(String token) {
    String[] parts = token.split(",");
    String type = parts[0];
    boolean optional = type.startsWith("[");
    if (optional) {
      if (!type.endsWith("]")) {
        throw new IllegalArgumentException("unclosed optional component " + token);
      }
      type = type.substring(1, type.length() - 1);
    }
    CharacterSet set = CharacterSet.valueOf(type.substring(0, 1));
    String length = type.substring(1);
    int min;
    int max;
    if (length.startsWith("..")) {
      min = 1;
      max = Integer.parseInt(length.substring(2));
    } else {
      min = Integer.parseInt(length);
      max = min;
    }
    return new Component(set, min, max, optional, List.of(parts).subList(1, parts.length));
  }
}
