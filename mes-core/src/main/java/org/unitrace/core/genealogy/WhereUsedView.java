package org.unitrace.core.genealogy;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Every unit that contains what was traced, directly ({@code depth} 1) or through sub-assemblies,
 * or that is it ({@code depth} 0: a run's units, the units that passed a station); {@code topLevel}
 * marks units not bound into anything else, {@code path} leads from the unit down to the unit the
 * trace started at. {@code unitCount} and {@code topLevelCount} count the whole set; {@code units}
 * is the page asked for ({@code offset}, {@code limit}).
 */
public record WhereUsedView(
    String query,
    int unitCount,
    int topLevelCount,
    List<AffectedUnit> units,
    String kind,
    int offset,
    int limit,
    boolean topLevelOnly) {

  /**
   * One affected unit: identity, status, where it was made ({@code site}, {@code line}) and where
   * it was last seen ({@code lastSeen}: for work in progress, the line and station it is at).
   * {@code location} is where it is after the line (stock, shipment, customer) once after-sales
   * records exist; null until then (and always present in the JSON, so clients can rely on it).
   */
  public record AffectedUnit(
      String serial,
      String partNumber,
      String revision,
      String runId,
      String status,
      int depth,
      boolean topLevel,
      List<String> path,
      String site,
      String line,
      Position lastSeen,
      @JsonInclude(JsonInclude.Include.ALWAYS) String location) {}

  /** The last station event or binding of a unit. */
  public record Position(String site, String line, String station, OffsetDateTime at) {}
}
