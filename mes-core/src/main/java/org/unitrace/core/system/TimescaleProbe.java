package org.unitrace.core.system;

import java.util.Arrays;
import java.util.Locale;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the database server can do with TimescaleDB, and what the station time series already are,
 * read before the migrations run.
 *
 * @param installed the extension's files are on the server ({@code pg_available_extensions})
 * @param preloaded the server loads the library at start ({@code shared_preload_libraries}), the
 *     only way TimescaleDB runs
 * @param createdVersion the extension's version where it is created in this database, else null
 * @param existing what {@code station_event} is, if a migration made it already
 */
record TimescaleProbe(
    boolean installed, boolean preloaded, String createdVersion, Series existing) {

  /** The station time series as an earlier start left them. */
  enum Series {
    /** not made yet: the V2 migration is still to run */
    NONE,
    HYPERTABLES,
    PARTITIONS
  }

  /**
   * {@code shared_preload_libraries} is readable only by superusers and {@code
   * pg_read_all_settings}; for other roles pg_settings leaves it out, and the library's own
   * settings (which exist only where it is loaded) stand in for it.
   */
  private static final String PROBE =
      """
      SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') AS installed,
             (SELECT setting FROM pg_settings WHERE name = 'shared_preload_libraries') AS preload,
             EXISTS (SELECT 1 FROM pg_settings WHERE name LIKE 'timescaledb.%') AS loaded,
             (SELECT extversion FROM pg_extension WHERE extname = 'timescaledb') AS created,
             CASE WHEN to_regclass('station_event') IS NULL THEN 'NONE'
                  WHEN EXISTS (SELECT 1 FROM pg_partitioned_table
                                WHERE partrelid = to_regclass('station_event')) THEN 'PARTITIONS'
                  ELSE 'HYPERTABLES' END AS existing
      """;

  static TimescaleProbe of(JdbcTemplate jdbc) {
    return jdbc.queryForObject(
        PROBE,
        (rs, n) -> {
          String preload = rs.getString("preload");
          return new TimescaleProbe(
              rs.getBoolean("installed"),
              preload != null ? preloads(preload) : rs.getBoolean("loaded"),
              rs.getString("created"),
              Series.valueOf(rs.getString("existing")));
        });
  }

  /**
   * Whether a {@code shared_preload_libraries} value names TimescaleDB: {@code timescaledb}, {@code
   * '$libdir/timescaledb'}, a path to {@code timescaledb.so}, in any position of the list.
   */
  static boolean preloads(String sharedPreloadLibraries) {
    return Arrays.stream(sharedPreloadLibraries.split(","))
        .map(s -> s.trim().replace("\"", "").replace("'", "").toLowerCase(Locale.ROOT))
        .map(s -> s.substring(s.lastIndexOf('/') + 1))
        .anyMatch(s -> s.equals("timescaledb") || s.equals("timescaledb.so"));
  }
}
