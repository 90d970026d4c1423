package org.unitrace.sim.history;

import java.time.Duration;
import java.util.List;

/**
 * What was generated, with the truth a test checks an analysis against: the faulty lot, the run it
 * went into, and every top-level unit built with it.
 */
public record HistoryResult(
    long products,
    long units,
    long bindings,
    long stationEvents,
    long lots,
    long runs,
    FaultyLot faultyLot,
    Duration elapsed) {

  /** The faulty widget lot and the top-level units built with it (through cell and module). */
  public record FaultyLot(
      String partNumber,
      String lot,
      String supplier,
      String site,
      String line,
      String runId,
      List<String> topLevelSerials) {}

  /** Rows written per second, all tables together. */
  public double rowsPerSecond() {
    long rows = units + bindings + stationEvents;
    return rows / Math.max(0.001, elapsed.toMillis() / 1000.0);
  }
}
