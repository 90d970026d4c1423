package org.unitrace.core.system;

import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import lombok.RequiredArgsConstructor;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.flyway.FlywayConfigurationCustomizer;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Prepares Flyway for {@code V2__time_series.sql}, before any migration runs: it decides the time
 * series storage ({@link TimeSeriesStorage}), says it in the log, and hands it to V2 as the
 * placeholder {@code ${timeseries_timescaledb}}.
 *
 * <p>It also carries databases migrated by the first V2 across its rewrite. That V2 created
 * TimescaleDB whenever the server listed the extension as installed; the rewritten one obeys the
 * placeholder. On a database the first V2 migrated, the tables it made are what the rewritten one
 * would have made there (hypertables where TimescaleDB ran, partitions where it was absent), so
 * exactly that one history row is moved from the first V2's checksum to the rewritten one's, and
 * nothing else: any other checksum of V2 still fails Flyway's validation as it should.
 */
@RequiredArgsConstructor
class TimeSeriesMigration implements FlywayConfigurationCustomizer {

  static final String PLACEHOLDER = "timeseries_timescaledb";

  /** Flyway's checksum of the first {@code V2__time_series.sql} (commit 3e40481). */
  static final int FIRST_V2_CHECKSUM = 1640755083;

  /** Flyway's checksum of the {@code V2__time_series.sql} in this build. */
  static final int V2_CHECKSUM = -1223902051;

  private static final Logger log = LoggerFactory.getLogger(TimeSeriesMigration.class);

  private final DataSource dataSource;
  private final TimeSeriesStorage storage;

  @Override
  public void customize(FluentConfiguration configuration) {
    Map<String, String> placeholders = new HashMap<>(configuration.getPlaceholders());
    placeholders.put(PLACEHOLDER, Boolean.toString(storage.timescale()));
    configuration.placeholders(placeholders);
    String schema =
        configuration.getDefaultSchema() != null
            ? configuration.getDefaultSchema()
            : configuration.getSchemas().length > 0 ? configuration.getSchemas()[0] : null;
    moveFirstV2Checksum(new JdbcTemplate(dataSource), schema, configuration.getTable());
  }

  /** Moves V2's history row from the first V2's checksum to this one's; no other row. */
  static void moveFirstV2Checksum(JdbcTemplate jdbc, String schema, String table) {
    String name = (schema == null ? "" : quote(schema) + ".") + quote(table);
    if (!Boolean.TRUE.equals(
        jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, name))) {
      return; // a new database: Flyway makes its history
    }
    int moved =
        jdbc.update(
            "UPDATE "
                + name
                + " SET checksum = ? WHERE version = '2' AND script = 'V2__time_series.sql'"
                + " AND checksum = ?",
            V2_CHECKSUM,
            FIRST_V2_CHECKSUM);
    if (moved > 0) {
      log.info(
          "Flyway history {}: V2__time_series.sql's checksum moved from {} (the first V2, which"
              + " chose TimescaleDB from pg_available_extensions) to {} (this V2, which follows {});"
              + " the tables it made are unchanged",
          name,
          FIRST_V2_CHECKSUM,
          V2_CHECKSUM,
          TimeSeriesStorage.KEY);
    }
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
