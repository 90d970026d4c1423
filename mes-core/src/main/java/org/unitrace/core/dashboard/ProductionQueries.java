package org.unitrace.core.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import lombok.RequiredArgsConstructor;
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
@RequiredArgsConstructor
class ProductionQueries {

  private static final String STATIONS = DashboardSql.withMarkFailure("production-stations.sql");

  private static final String SERIES = DashboardSql.withMarkFailure("production-series.sql");

  private static final String NOK = DashboardSql.read("production-nok.sql");

  /**
   * The machine-state changes of a line's stations in the window, and the state each had before.
   */
  private static final String STATES = DashboardSql.read("production-states.sql");

  private final JdbcClient jdbc;
  private final ObjectMapper json;
  private final RollupQueries rollup;

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

  /** A statement over the range on a site and line (null: every one), the rest to bind. */
  private JdbcClient.StatementSpec over(String sql, TimeRange range, String site, String line) {
    return jdbc.sql(sql)
        .param("from", range.from())
        .param("to", range.to())
        .param("site", site)
        .param("line", line);
  }

  List<StationRow> stationsFromEvents(TimeRange range, String site, String line) {
    return over(STATIONS, range, site, line)
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
    return over(SERIES, range, site, line)
        .param("bucket", range.bucketInterval())
        .param("station", station)
        .query((rs, i) -> Bucket.of(rs))
        .list();
  }

  List<NokResult> lastNok(TimeRange range, String site, String line, int limit) {
    return over(NOK, range, site, line)
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
    return over(STATES, range, site, line)
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
