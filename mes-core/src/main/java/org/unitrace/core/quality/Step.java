package org.unitrace.core.quality;

import java.util.Arrays;

/**
 * Where a recalled unit is in the campaign. Steps go forward only: a unit may skip steps (a unit
 * still in stock is never notified), it gets one outcome (repaired, replaced or scrapped), and
 * nothing follows CLOSED.
 */
enum Step {
  NOTIFIED(1),
  RETURNED(2),
  INSPECTED(3),
  REPAIRED(4),
  REPLACED(4),
  SCRAPPED(4),
  CLOSED(5);

  private final int rank;

  Step(int rank) {
    this.rank = rank;
  }

  static Step parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(
          "'step' is required (one of %s)".formatted(Arrays.toString(values())));
    }
    try {
      return valueOf(text.strip().toUpperCase());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'step' must be one of %s, was '%s'".formatted(Arrays.toString(values()), text));
    }
  }

  /** Why {@code next} cannot follow this step, or null when it can. */
  String refusal(Step next) {
    if (this == CLOSED) {
      return "it is CLOSED: no step follows CLOSED";
    }
    if (next == this) {
      return "it is " + this + " already";
    }
    if (next.rank == rank) {
      return "it was %s already: one outcome per unit, the next step is CLOSED".formatted(this);
    }
    if (next.rank < rank) {
      return "it is %s already and %s comes before that".formatted(this, next);
    }
    return null;
  }
}
