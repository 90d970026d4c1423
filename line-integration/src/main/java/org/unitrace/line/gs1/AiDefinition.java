package org.unitrace.line.gs1;

import java.util.List;

/**
 * One AI as the syntax dictionary defines it.
 *
 * @param predefinedLength the {@code *} flag: fixed length, no FNC1 separator after it
 * @param requires each inner list is one {@code req=} attribute: one of its alternatives (an
 *     alternative is a {@code +}-joined group of AIs or patterns like {@code 31nn}) must be present
 * @param excludes AIs or patterns ({@code 310n}) that must not appear with this AI
 */
record AiDefinition(
    String ai,
    boolean predefinedLength,
    List<Component> components,
    List<List<String>> requires,
    List<String> excludes,
    String title) {

  AiDefinition {
    components = List.copyOf(components);
    requires = List.copyOf(requires);
    excludes = List.copyOf(excludes);
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
