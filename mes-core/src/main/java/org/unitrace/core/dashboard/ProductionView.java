package org.unitrace.core.dashboard;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The production page over one time range: each line, and each of its stations with its live state
 * and what it did in the range. Rates are per hour of the range; yields are fractions (0..1), null
 * when nothing was tested. A line's first-pass yield is rolled: the product of its stations'.
 */
record ProductionView(
    OffsetDateTime from, OffsetDateTime to, long bucketSeconds, List<Line> lines) {

  record Line(
      String site,
      String line,
      long unitsSerialized,
      double unitsPerHour,
      long nok,
      Double firstPassYield,
      long markFailures,
      List<Station> stations) {}

  record Station(
      String station,
      String name,
      String kind,
      String state,
      String faultCode,
      OffsetDateTime stateChangedAt,
      long units,
      double unitsPerHour,
      long results,
      long ok,
      long nok,
      Double firstPassYield,
      Double avgCycleMs,
      Double p90CycleMs,
      Long targetCycleMs,
      long markChecks,
      long markFailures,
      OffsetDateTime lastEventAt) {}

  static ProductionView of(
      TimeRange range, List<ProductionQueries.StationRow> rows, DashboardProperties properties) {
    Map<String, List<ProductionQueries.StationRow>> byLine = new LinkedHashMap<>();
    rows.forEach(
        r -> byLine.computeIfAbsent(r.site() + "/" + r.line(), k -> new ArrayList<>()).add(r));
    List<Line> lines = new ArrayList<>();
    double hours = range.hours();
    for (List<ProductionQueries.StationRow> stationRows : byLine.values()) {
      List<Station> stations = new ArrayList<>();
      long serialized = 0;
      long nok = 0;
      long markFailures = 0;
      Double rolled = null;
      for (ProductionQueries.StationRow r : stationRows) {
        Double fpy = r.firstPassUnits() == 0 ? null : (double) r.firstPassOk() / r.firstPassUnits();
        if (fpy != null) {
          rolled = rolled == null ? fpy : rolled * fpy;
        }
        serialized += r.serialized();
        nok += r.nok();
        markFailures += r.markFailures();
        stations.add(
            new Station(
                r.station(),
                r.name(),
                r.kind(),
                r.state() == null ? "UNKNOWN" : r.state(),
                r.faultCode(),
                r.stateChangedAt(),
                r.units(),
                r.units() / hours,
                r.results(),
                r.ok(),
                r.nok(),
                fpy,
                r.avgCycleMs(),
                r.p90CycleMs(),
                properties.targetMs(r.site(), r.line(), r.station()),
                r.markChecks(),
                r.markFailures(),
                r.lastEventAt()));
      }
      ProductionQueries.StationRow first = stationRows.get(0);
      lines.add(
          new Line(
              first.site(),
              first.line(),
              serialized,
              serialized / hours,
              nok,
              rolled,
              markFailures,
              stations));
    }
    return new ProductionView(range.from(), range.to(), range.bucket().toSeconds(), lines);
  }
}
