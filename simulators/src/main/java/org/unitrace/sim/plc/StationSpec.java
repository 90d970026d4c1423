package org.unitrace.sim.plc;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One simulated station.
 *
 * @param processValues names of the Double process values it records with each cycle
 * @param numericIds signals exposed under a numeric NodeId ({@code ns=<idx>;i=<n>}) instead of
 *     {@code ns=<idx>;s=<line>.<station>.<signal>}
 * @param cycleTime for autonomous production
 * @param nokRate share of NOK cycles in autonomous production
 * @param faultRate chance per cycle of a fault that stops the station for a few cycle times
 */
public record StationSpec(
    String id,
    List<String> processValues,
    Map<String, Long> numericIds,
    Duration cycleTime,
    double nokRate,
    double faultRate) {

  public StationSpec {
    processValues = List.copyOf(processValues);
    numericIds = Map.copyOf(numericIds);
  }

  public static StationSpec of(String id, List<String> processValues) {
    return new StationSpec(id, processValues, Map.of(), Duration.ofSeconds(2), 0.05, 0.0);
  }

  public StationSpec withNumericId(String signal, long id) {
    var ids = new java.util.HashMap<>(numericIds);
    ids.put(signal, id);
    return new StationSpec(this.id, processValues, ids, cycleTime, nokRate, faultRate);
  }

  public StationSpec withProduction(Duration cycle, double nok, double fault) {
    return new StationSpec(id, processValues, numericIds, cycle, nok, fault);
  }
}
