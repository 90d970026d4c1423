package org.unitrace.core.dashboard;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.unitrace.core.dashboard.ProductionQueries.Bucket;
import org.unitrace.core.dashboard.ProductionQueries.StationRow;

/**
 * The production aggregates of a long range: whole hours from {@code station_hourly}, the partial
 * hours at the edges from {@code station_event} through the same window function the rollup is
 * computed with, added up. Counts, sums, averages and the last event are exact; units and
 * first-pass counts count a unit at its first event (first result) at the station, so a unit that
 * was at the station before the range and again in it is left out; p90 comes from the cycle-time
 * histogram (within 1 %, see {@link CycleHistogram}).
 */
@Component
class RollupQueries {

  private static final String PENDING =
      """
      SELECT EXISTS (SELECT 1 FROM station_hourly_dirty
                      WHERE hour >= :firstHour AND hour < :endHour)
      """;

  private static final String STATIONS =
      """
      SELECT s.site, s.line, s.code, s.name, s.kind, s.state, s.fault_code, s.state_changed_at,
             a.units, a.serialized, a.results, a.ok, a.nok, a.cycle_sum, a.cycle_count,
             a.mark_checks, a.mark_failures, a.last_event_at, a.first_units, a.first_ok
        FROM station s
        CROSS JOIN LATERAL (
          SELECT coalesce(sum(x.units), 0) AS units, coalesce(sum(x.serialized), 0) AS serialized,
                 coalesce(sum(x.results), 0) AS results, coalesce(sum(x.ok), 0) AS ok,
                 coalesce(sum(x.nok), 0) AS nok, coalesce(sum(x.cycle_sum), 0) AS cycle_sum,
                 coalesce(sum(x.cycle_count), 0) AS cycle_count,
                 coalesce(sum(x.mark_checks), 0) AS mark_checks,
                 coalesce(sum(x.mark_failures), 0) AS mark_failures,
                 max(x.last_event_at) AS last_event_at,
                 coalesce(sum(x.first_units), 0) AS first_units,
                 coalesce(sum(x.first_ok), 0) AS first_ok
            FROM (SELECT h.units, h.serialized, h.results, h.ok, h.nok, h.cycle_sum,
                         h.cycle_count, h.mark_checks, h.mark_failures, h.last_event_at,
                         h.first_units, h.first_ok
                    FROM station_hourly h
                   WHERE h.site = s.site AND h.line = s.line AND h.station = s.code
                     AND h.hour >= :firstHour AND h.hour < :endHour
                  UNION ALL
                  SELECT w.units, w.serialized, w.results, w.ok, w.nok, w.cycle_sum,
                         w.cycle_count, w.mark_checks, w.mark_failures, w.last_event_at,
                         w.first_units, w.first_ok
                    FROM unitrace_station_window(s.site, s.line, s.code, :from, :firstHour) w
                  UNION ALL
                  SELECT w.units, w.serialized, w.results, w.ok, w.nok, w.cycle_sum,
                         w.cycle_count, w.mark_checks, w.mark_failures, w.last_event_at,
                         w.first_units, w.first_ok
                    FROM unitrace_station_window(s.site, s.line, s.code, :endHour, :to) w) x) a
       WHERE (:site::text IS NULL OR s.site = :site) AND (:line::text IS NULL OR s.line = :line)
       ORDER BY s.site, s.line, s.code
      """;

  private static final String CYCLES =
      """
      SELECT s.site, s.line, s.code, x.k, sum(x.n) AS n
        FROM station s
        CROSS JOIN LATERAL (
          SELECT c.k, c.n
            FROM station_hourly h, unnest(h.cycle_buckets, h.cycle_counts) AS c(k, n)
           WHERE h.site = s.site AND h.line = s.line AND h.station = s.code
             AND h.hour >= :firstHour AND h.hour < :endHour
          UNION ALL
          SELECT c.k, c.n FROM unitrace_station_cycles(s.site, s.line, s.code, :from, :firstHour) c
          UNION ALL
          SELECT c.k, c.n FROM unitrace_station_cycles(s.site, s.line, s.code, :endHour, :to) c) x
       WHERE (:site::text IS NULL OR s.site = :site) AND (:line::text IS NULL OR s.line = :line)
       GROUP BY 1, 2, 3, 4
      """;

  private static final String SERIES =
      """
      SELECT date_bin(:bucket::interval, x.time, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bucket,
             sum(x.serialized) AS serialized, sum(x.ok) AS ok, sum(x.nok) AS nok,
             sum(x.cycle_sum) / nullif(sum(x.cycle_count), 0) AS avg_cycle_ms,
             sum(x.mark_failures) AS mark_failures
        FROM station s
        JOIN LATERAL (
          SELECT h.hour AS time, h.serialized, h.ok, h.nok, h.cycle_sum, h.cycle_count,
                 h.mark_failures
            FROM station_hourly h
           WHERE h.site = s.site AND h.line = s.line AND h.station = s.code
             AND h.hour >= :firstHour AND h.hour < :endHour
          UNION ALL
          SELECT e.time, (e.type = 'UnitSerialized')::int,
                 (e.type = 'StationResult' AND e.result = 'OK')::int,
                 (e.type = 'StationResult' AND e.result = 'NOK')::int,
                 e.cycle_time_ms, (e.cycle_time_ms IS NOT NULL)::int,
                 coalesce(%1$s, false)::int
            FROM station_event e
           WHERE e.site = s.site AND e.line = s.line AND e.station = s.code
             AND ((e.time >= :from AND e.time < :firstHour)
               OR (e.time >= :endHour AND e.time < :to))) x ON true
       WHERE s.site = :site AND s.line = :line AND (:station::text IS NULL OR s.code = :station)
       GROUP BY 1 ORDER BY 1
      """
          .formatted(ProductionQueries.MARK_FAILURE);

  private final JdbcClient jdbc;

  RollupQueries(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * The split to read a range with, or empty when the range is short or some of its whole hours
   * still wait to be (re)computed (right after the migration, while the history is rolled up).
   */
  Optional<HourSplit> usable(TimeRange range) {
    return HourSplit.of(range.from(), range.to())
        .filter(
            split ->
                !jdbc.sql(PENDING)
                    .param("firstHour", split.firstHour())
                    .param("endHour", split.endHour())
                    .query(Boolean.class)
                    .single());
  }

  List<StationRow> stations(HourSplit split, String site, String line) {
    Map<String, CycleHistogram> cycles = new HashMap<>();
    bind(jdbc.sql(CYCLES), split)
        .param("site", site)
        .param("line", line)
        .query(
            rs -> {
              cycles
                  .computeIfAbsent(
                      key(rs.getString("site"), rs.getString("line"), rs.getString("code")),
                      k -> new CycleHistogram())
                  .add(rs.getInt("k"), rs.getLong("n"));
            });
    return bind(jdbc.sql(STATIONS), split)
        .param("site", site)
        .param("line", line)
        .query(
            (rs, i) -> {
              long cycleCount = rs.getLong("cycle_count");
              CycleHistogram histogram =
                  cycles.get(key(rs.getString("site"), rs.getString("line"), rs.getString("code")));
              return StationRow.of(
                  rs,
                  cycleCount == 0 ? null : rs.getBigDecimal("cycle_sum").doubleValue() / cycleCount,
                  histogram == null ? null : histogram.percentile(0.9));
            })
        .list();
  }

  List<Bucket> series(HourSplit split, TimeRange range, String site, String line, String station) {
    return bind(jdbc.sql(SERIES), split)
        .param("bucket", range.bucketInterval())
        .param("site", site)
        .param("line", line)
        .param("station", station)
        .query((rs, i) -> Bucket.of(rs))
        .list();
  }

  private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec sql, HourSplit split) {
    return sql.param("from", split.from())
        .param("firstHour", split.firstHour())
        .param("endHour", split.endHour())
        .param("to", split.to());
  }

  private static String key(String site, String line, String station) {
    return site + "/" + line + "/" + station;
  }
}
