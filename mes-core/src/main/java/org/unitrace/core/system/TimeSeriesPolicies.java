package org.unitrace.core.system;

import java.time.Duration;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the station time series in shape, daily and at start-up. On TimescaleDB: compression of
 * chunks older than {@code compressAfter} and a retention policy. On plain PostgreSQL: monthly
 * partitions created ahead of time, and partitions wholly older than {@code retention} dropped.
 */
@Component
@RequiredArgsConstructor
class TimeSeriesPolicies {

  private static final Logger log = LoggerFactory.getLogger(TimeSeriesPolicies.class);
  private static final List<String> TABLES = List.of("station_event", "station_state");

  /**
   * {@code retention} empty: keep everything. {@code timescaledb}: auto, on or off ({@link
   * TimeSeriesStorage.Mode}).
   */
  @ConfigurationProperties("unitrace.timeseries")
  record Settings(
      Duration retention,
      @DefaultValue("P7D") Duration compressAfter,
      @DefaultValue("auto") String timescaledb) {

    Settings {
      TimeSeriesStorage.Mode.parse(timescaledb);
    }

    TimeSeriesStorage.Mode mode() {
      return TimeSeriesStorage.Mode.parse(timescaledb);
    }
  }

  private final JdbcTemplate jdbc;
  private final Settings settings;

  @Scheduled(initialDelay = 0, fixedDelayString = "PT24H")
  void apply() {
    for (String table : TABLES) {
      // what V2 made of the table, whatever the extension's state now
      boolean partitioned =
          Boolean.TRUE.equals(
              jdbc.queryForObject(
                  "SELECT EXISTS (SELECT 1 FROM pg_partitioned_table"
                      + " WHERE partrelid = to_regclass(?))",
                  Boolean.class,
                  table));
      if (!partitioned) {
        applyTimescale(table);
      } else {
        applyPartitions(table);
      }
    }
  }

  private void applyTimescale(String table) {
    boolean compressed =
        Boolean.TRUE.equals(
            jdbc.queryForObject(
                "SELECT compression_enabled FROM timescaledb_information.hypertables"
                    + " WHERE hypertable_name = ?",
                Boolean.class,
                table));
    if (!compressed) {
      jdbc.execute(
          "ALTER TABLE %s SET (timescaledb.compress,".formatted(table)
              + " timescaledb.compress_segmentby = 'site, line, station')");
    }
    jdbc.queryForList(
        "SELECT add_compression_policy(?::regclass, ?::interval, if_not_exists => true)",
        table,
        interval(settings.compressAfter()));
    jdbc.queryForList("SELECT remove_retention_policy(?::regclass, if_exists => true)", table);
    if (settings.retention() != null) {
      jdbc.queryForList(
          "SELECT add_retention_policy(?::regclass, ?::interval)",
          table,
          interval(settings.retention()));
    }
  }

  private void applyPartitions(String table) {
    jdbc.queryForList("SELECT unitrace_ensure_partitions(?, now(), 3)", table);
    if (settings.retention() == null) {
      return;
    }
    List<String> old =
        jdbc.queryForList(
            """
            SELECT quote_ident(c.relname) FROM pg_inherits i
              JOIN pg_class c ON c.oid = i.inhrelid
              JOIN pg_class p ON p.oid = i.inhparent
             WHERE p.relname = ? AND c.relname ~ '_[0-9]{6}$'
               AND to_date(right(c.relname, 6), 'YYYYMM') + interval '1 month'
                   < now() - ?::interval
            """,
            String.class, table, interval(settings.retention()));
    for (String partition : old) {
      log.info(
          "Dropping partition {} (older than the retention of {})",
          partition,
          settings.retention());
      jdbc.execute("DROP TABLE " + partition);
    }
  }

  private static String interval(Duration d) {
    return d.toSeconds() + " seconds";
  }
}
