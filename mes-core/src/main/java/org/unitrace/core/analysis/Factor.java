package org.unitrace.core.analysis;

import java.util.List;
import java.util.Map;

/**
 * One factor the given units share. {@code sharedBy} of the given units have it; {@code unitCount}
 * top-level units in all have it (the fewer, the more specific; for a broad factor, past {@link
 * CommonFactors#SEED_CAP} starting rows, a lower bound from the first {@link
 * CommonFactors#BROAD_SAMPLE} of them: {@code unitCountIsLowerBound}); {@code otherUnits} lists up
 * to a page of the others (of a broad factor: from that sample), and {@code otherUnitsQuery}
 * fetches all of them from the forward trace. A {@code derived} factor (a serial range or time
 * window) is drawn around the given units themselves: it is as narrow as they are close together,
 * so it ranks after the factors that exist on their own (a lot, a run).
 */
record Factor(
    int rank,
    Kind kind,
    String description,
    Map<String, String> parameters,
    int sharedBy,
    List<String> sharedByUnits,
    int unitCount,
    boolean unitCountIsLowerBound,
    int otherUnitCount,
    List<String> otherUnits,
    String otherUnitsQuery,
    boolean derived) {

  /** In the order that breaks ties: the likelier root cause first. */
  enum Kind {
    SUPPLIER_LOT,
    RUN,
    SHIFT,
    STATION,
    LINE,
    SUPPLIER,
    COMPONENT_SERIAL_RANGE,
    TIME_WINDOW;

    boolean derived() {
      return this == COMPONENT_SERIAL_RANGE || this == TIME_WINDOW;
    }
  }

  Factor ranked(int rank) {
    return new Factor(
        rank,
        kind,
        description,
        parameters,
        sharedBy,
        sharedByUnits,
        unitCount,
        unitCountIsLowerBound,
        otherUnitCount,
        otherUnits,
        otherUnitsQuery,
        derived);
  }
}
