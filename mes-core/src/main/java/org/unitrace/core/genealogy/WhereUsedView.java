package org.unitrace.core.genealogy;

import java.util.List;

/**
 * Every unit that contains the component or lot asked about, directly ({@code depth} 1) or through
 * sub-assemblies; {@code topLevel} marks units not bound into anything else, {@code path} leads
 * from the top-level unit down to the unit the component is bound in.
 */
public record WhereUsedView(
    String query, int unitCount, int topLevelCount, List<AffectedUnit> units) {

  public record AffectedUnit(
      String serial,
      String partNumber,
      String revision,
      String runId,
      String status,
      int depth,
      boolean topLevel,
      List<String> path) {}
}
