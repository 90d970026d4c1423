package org.unitrace.core.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The production aggregates. Every query starts from the small {@code station} table and reaches
 * the time series through a lateral join per station, so each station's rows come from the {@code
 * (site, line, station, time DESC)} index over just the window asked for, on a TimescaleDB
 * hypertable and on plain partitions alike; buckets are {@code date_bin}, which both have. Week and
 * month views read whole hours from the hourly rollup instead ({@link RollupQueries}); "last NOK"
 * walks a partial index on NOK rows, however long the range.
 */
@Component
class ProductionQueries {

  /** Matches a mark that failed its check, or a station result a marker failure code. */
  static final String MARK_FAILURE =
      "((e.type = 'MarkVerified' AND e.result = 'NOK') OR e.failure_code LIKE 'MARKER\\_%')";

  private static final String STATIONS =
      """
      SELECT s.site, s.line, s.code, s.name, s.kind, s.state, s.fault_code, s.state_changed_at,
             a.units, a.serialized, a.results, a.ok, a.nok, a.avg_cycle_ms, a.p90_cycle_ms,
             a.mark_checks, a.mark_failures, a.last_event_at, f.first_units, f.first_ok
        FROM station s
        LEFT JOIN LATERAL (
          SELECT count(DISTINCT e.unit_serial) AS units,
                 count(*) FILTER (WHERE e.type = 'UnitSerialized') AS serialized,
                 count(*) FILTER (WHERE e.type = 'StationResult') AS results,
                 count(*) FILTER (WHERE e.type = 'StationResult' AND e.result = 'OK') AS ok,
                 count(*) FILTER (WHERE e.type = 'StationResult' AND e.result = 'NOK') AS nok,
                 avg(e.cycle_time_ms) AS avg_cycle_ms,
                 percentile_cont(0.9) WITHIN GROUP (ORDER BY e.cycle_time_ms) AS p90_cycle_ms,
                 count(*) FILTER (WHERE e.type = 'MarkVerified') AS mark_checks,
                 count(*) FILTER (WHERE %1$s) AS mark_failures,
                 max(e.time) AS last_event_at
            FROM station_event e
           WHERE e.site = s.site AND e.line = s.line AND e.station = s.code
             AND e.time >= :from AND e.time < :to) a ON true
        LEFT JOIN LATERAL (
          SELECT count(*) AS first_units, count(*) FILTER (WHERE first.result = 'OK') AS first_ok
            FROM (SELECT DISTINCT ON (e.unit_serial) e.result
                    FROM station_event e
                   WHERE e.site = s.site AND e.line = s.line AND e.station = s.code
                     AND e.type = 'StationResult' AND e.unit_serial IS NOT NULL
                     AND e.time >= :from AND e.time < :to
                   ORDER BY e.unit_serial, e.time) first) f ON true
       WHERE (:site::text IS NULL OR s.site = :site) AND (:line::text IS NULL OR s.line = :line)
       ORDER BY s.site, s.line, s.code
      """
          .formatted(MARK_FAILURE);

  private static final String SERIES =
      """
      SELECT date_bin(:bucket::interval, e.time, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bucket,
             count(*) FILTER (WHERE e.type = 'UnitSerialized') AS serialized,
             count(*) FILTER (WHERE e.type = 'StationResult' AND e.result = 'OK') AS ok,
             count(*) FILTER (WHERE e.type = 'StationResult' AND e.result = 'NOK') AS nok,
             avg(e.cycle_time_ms) AS avg_cycle_ms,
             count(*) FILTER (WHERE %1$s) AS mark_failures
        FROM station s
        JOIN LATERAL (
          SELECT e.time, e.type, e.result, e.failure_code, e.cycle_time_ms
            FROM station_event e
           WHERE e.site = s.site AND e.line = s.line AND e.station = s.code
             AND e.time >= :from AND e.time < :to) e ON true
       WHERE s.site = :site AND s.line = :line AND (:station::text IS NULL OR s.code = :station)
       GROUP BY 1 ORDER BY 1
      """
          .formatted(MARK_FAILURE);

  private static final String NOK =
      """
      SELECT n.time, n.site, n.line, n.station, n.type, n.unit_serial, n.failure_code,
             n.cycle_time_ms, n.process_values
        FROM station s
        CROSS JOIN LATERAL (
          SELECT e.time, e.site, e.line, e.station, e.type, e.unit_serial, e.failure_code,
                 e.cycle_time_ms, e.process_values
            FROM station_event e
           WHERE e.site = s.site AND e.line = s.line AND e.station = s.code
             AND e.time >= :from AND e.time < :to AND e.result = 'NOK'
           ORDER BY e.time DESC LIMIT :limit) n
       WHERE (:site::text IS NULL OR s.site = :site) AND (:line::text IS NULL OR s.line = :line)
       ORDER BY n.time DESC LIMIT :limit
      """;

  /**
   * The machine-state changes of a line's stations in the window, and the state each had before.
   */
  private static final String STATES =
      """
      SELECT s.site, s.line, s.code, x.time, x.state, x.fault_code
        FROM station s
        CROSS JOIN LATERAL (
          (SELECT greatest(t.time, :from) AS time, t.state, t.fault_code FROM station_state t
            WHERE t.site = s.site AND t.line = s.line AND t.station = s.code AND t.time < :from
            ORDER BY t.time DESC LIMIT 1)
          UNION ALL
          (SELECT t.time, t.state, t.fault_code FROM station_state t
            WHERE t.site = s.site AND t.line = s.line AND t.station = s.code
              AND t.time >= :from AND t.time < :to
            ORDER BY t.time LIMIT 2000)) x
       WHERE s.site = :site AND s.line = :line
       ORDER BY s.code, x.time
      """;

  private final JdbcClient jdbc;
  private final ObjectMapper json;
  private final RollupQueries rollup;

  ProductionQueries(JdbcClient jdbc, ObjectMapper json, RollupQueries rollup) {
    this.jdbc = jdbc;
    this.json = json;
    this.rollup = rollup;
  }

  record StationRow(
      String site,
      String line,
      String station,
      String name,
      String kind,
      String state,
      String faultCode,
      OffsetDateTime stateChangedAt,
      long units,
      long serialized,
      long results,
      long ok,
      long nok,
      Double avgCycleMs,
      Double p90CycleMs,
      long markChecks,
      long markFailures,
      OffsetDateTime lastEventAt,
      long firstPassUnits,
      long firstPassOk) {

    /**
     * A row of a stations query (over the events or the rollup: the same columns); the cycle-time
     * figures come from wherever that query keeps them.
     */
    static StationRow of(ResultSet rs, Double avgCycleMs, Double p90CycleMs) throws SQLException {
      return new StationRow(
          rs.getString("site"),
          rs.getString("line"),
          rs.getString("code"),
          rs.getString("name"),
          rs.getString("kind"),
          rs.getString("state"),
          rs.getString("fault_code"),
          rs.getObject("state_changed_at", OffsetDateTime.class),
          rs.getLong("units"),
          rs.getLong("serialized"),
          rs.getLong("results"),
          rs.getLong("ok"),
          rs.getLong("nok"),
          avgCycleMs,
          p90CycleMs,
          rs.getLong("mark_checks"),
          rs.getLong("mark_failures"),
          rs.getObject("last_event_at", OffsetDateTime.class),
          rs.getLong("first_units"),
          rs.getLong("first_ok"));
    }
  }

  record Bucket(
      OffsetDateTime time,
      long serialized,
      long ok,
      long nok,
      Double avgCycleMs,
      long markFailures) {

    /** A row of a series query, over the events or the rollup. */
    static Bucket of(ResultSet rs) throws SQLException {
      return new Bucket(
          rs.getObject("bucket", OffsetDateTime.class),
          rs.getLong("serialized"),
          rs.getLong("ok"),
          rs.getLong("nok"),
          nullableDouble(rs, "avg_cycle_ms"),
          rs.getLong("mark_failures"));
    }
  }

  record NokResult(
      OffsetDateTime time,
      String site,
      String line,
      String station,
      String type,
      String unitSerial,
      String failureCode,
      Long cycleTimeMs,
      JsonNode processValues) {}

  record StateChange(String station, OffsetDateTime time, String state, String faultCode) {}

  /** Over a range longer than a day from the hourly rollup (see {@link RollupQueries}). */
  List<StationRow> stations(TimeRange range, String site, String line) {
    return rollup
        .usable(range)
        .map(split -> rollup.stations(split, site, line))
        .orElseGet(() -> stationsFromEvents(range, site, line));
  }

  List<StationRow> stationsFromEvents(TimeRange range, String site, String line) {
    return jdbc.sql(STATIONS)
        .param("from", range.from())
        .param("to", range.to())
        .param("site", site)
        .param("line", line)
        .query(
            (rs, i) ->
                StationRow.of(
                    rs, nullableDouble(rs, "avg_cycle_ms"), nullableDouble(rs, "p90_cycle_ms")))
        .list();
  }

  /** From the hourly rollup over a range longer than a day charted in whole hours. */
  List<Bucket> series(TimeRange range, String site, String line, String station) {
    if (HourSplit.bucketsHoldWholeHours(range.bucket())) {
      Optional<HourSplit> split = rollup.usable(range);
      if (split.isPresent()) {
        return rollup.series(split.get(), range, site, line, station);
      }
    }
    return seriesFromEvents(range, site, line, station);
  }

  List<Bucket> seriesFromEvents(TimeRange range, String site, String line, String station) {
    return jdbc.sql(SERIES)
        .param("bucket", range.bucketInterval())
        .param("from", range.from())
        .param("to", range.to())
        .param("site", site)
        .param("line", line)
        .param("station", station)
        .query((rs, i) -> Bucket.of(rs))
        .list();
  }

  List<NokResult> lastNok(TimeRange range, String site, String line, int limit) {
    return jdbc.sql(NOK)
        .param("from", range.from())
        .param("to", range.to())
        .param("site", site)
        .param("line", line)
        .param("limit", limit)
        .query(
            (rs, i) ->
                new NokResult(
                    rs.getObject("time", OffsetDateTime.class),
                    rs.getString("site"),
                    rs.getString("line"),
                    rs.getString("station"),
                    rs.getString("type"),
                    rs.getString("unit_serial"),
                    rs.getString("failure_code"),
                    (Long) rs.getObject("cycle_time_ms"),
                    tree(rs.getString("process_values"))))
        .list();
  }

  List<StateChange> states(TimeRange range, String site, String line) {
    return jdbc.sql(STATES)
        .param("from", range.from())
        .param("to", range.to())
        .param("site", site)
        .param("line", line)
        .query(
            (rs, i) ->
                new StateChange(
                    rs.getString("code"),
                    rs.getObject("time", OffsetDateTime.class),
                    rs.getString("state"),
                    rs.getString("fault_code")))
        .list();
  }

  private JsonNode tree(String text) {
    if (text == null) {
      return null;
    }
    try {
      return json.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("stored process values are not JSON: " + text, e);
    }
  }

  private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? null : v;
  }
}
