package org.unitrace.core.system;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A request's list of unit serials (its {@code serials} field), checked: at least one, at most
 * {@code max}, none blank; each stripped, in the order given.
 */
public final class SerialList {

  /** What a serial listed twice means: the same unit once more, or a mistake to refuse. */
  public enum Repeats {
    MERGE,
    REFUSE
  }

  private SerialList() {}

  public static Set<String> check(List<String> requested, int max, Repeats repeats) {
    if (requested == null || requested.isEmpty()) {
      throw new IllegalArgumentException("'serials' must list at least one unit serial");
    }
    if (requested.size() > max) {
      throw new IllegalArgumentException(
          "'serials' lists %d units, at most %d".formatted(requested.size(), max));
    }
    Set<String> serials = new LinkedHashSet<>();
    for (int i = 0; i < requested.size(); i++) {
      String s = requested.get(i);
      if (s == null || s.isBlank()) {
        throw new IllegalArgumentException("'serials[%d]' is blank".formatted(i));
      }
      if (!serials.add(s.strip()) && repeats == Repeats.REFUSE) {
        throw new IllegalArgumentException("'serials[%d]' ('%s') is listed twice".formatted(i, s));
      }
    }
    return serials;
  }
}
