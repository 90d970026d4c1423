package org.unitrace.line.gs1;

import java.util.List;

/**
 * One AI as the syntax dictionary defines it.
 *
 * @param predefinedLength the {@code *} flag: fixed length, no FNC1 separator after it
 * @param requires each inner list is one {@code req=} attribute: one of its alternatives (an
 *     alternative is a {@code +}-joined group of AIs or patterns like {@code 31nn}) must be present
 * @param excludes AIs or patterns ({@code 310n}) that must not appear with this AI
 * @param dlDataAttribute the {@code ?} flag: permitted as a GS1 Digital Link data attribute (query
 *     parameter)
 * @param dlQualifiers the {@code dlpkey} attributes: empty when the AI is not a Digital Link
 *     primary key; else one list per alternative ({@code dlpkey=22,10,21|235} gives {@code [[22,
 *     10, 21], [235]]}, a bare {@code dlpkey} gives {@code [[]]}) of the key qualifiers, in their
 *     order
 */
record AiDefinition(
    String ai,
    boolean predefinedLength,
    List<Component> components,
    List<List<String>> requires,
    List<String> excludes,
    String title,
    boolean dlDataAttribute,
    List<List<String>> dlQualifiers) {

  AiDefinition {
    components = List.copyOf(components);
    requires = requires.stream().map(List::copyOf).toList();
    excludes = List.copyOf(excludes);
    dlQualifiers = dlQualifiers.stream().map(List::copyOf).toList();
  }

  /** Whether this AI may start the path of a GS1 Digital Link URI. */
  boolean dlPrimaryKey() {
    return !dlQualifiers.isEmpty();
  }

  /**
   * Whether {@code qualifiers}, in this order, may follow this primary key in a Digital Link path:
   * they must be an ordered selection from one of the {@code dlpkey} alternatives.
   */
  boolean acceptsQualifiers(List<String> qualifiers) {
    for (List<String> alternative : dlQualifiers) {
      int k = 0;
      boolean fits = true;
      for (String q : qualifiers) {
        while (k < alternative.size() && !alternative.get(k).equals(q)) {
          k++;
        }
        if (k == alternative.size()) {
          fits = false;
          break;
        }
        k++;
      }
      if (fits) {
        return true;
      }
    }
    return false;
  }

  /** The length without its optional components. */
  int minLength() {
    return components.stream().filter(c -> !c.optional()).mapToInt(Component::minLength).sum();
  }

  int maxLength() {
    return components.stream().mapToInt(Component::maxLength).sum();
  }

  /** True when {@code pattern} (digits, with {@code n} for any digit) names this AI. */
  static boolean matches(String pattern, String ai) {
    if (pattern.length() != ai.length()) {
      return false;
    }
    for (int i = 0; i < pattern.length(); i++) {
      char p = pattern.charAt(i);
      if (p != 'n' && p != ai.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
