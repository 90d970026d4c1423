package org.unitrace.core.dashboard;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lombok.RequiredArgsConstructor;
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
@RequiredArgsConstructor
class RollupQueries {

  private static final String PENDING =
      """
      SELECT EXISTS (SELECT 1 FROM station_hourly_dirty
                      WHERE hour >= :firstHour AND hour < :endHour)
      """;

  private static final String STATIONS = DashboardSql.read("rollup-stations.sql");

  private static final String CYCLES = DashboardSql.read("rollup-cycles.sql");

  private static final String SERIES = DashboardSql.withMarkFailure("rollup-series.sql");

  private final JdbcClient jdbc;

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
