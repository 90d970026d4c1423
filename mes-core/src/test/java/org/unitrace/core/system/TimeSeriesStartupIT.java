package org.unitrace.core.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.unitrace.core.MesCoreApplication;
import org.unitrace.core.support.LocalCluster;
import org.unitrace.core.support.TestServers;
import org.unitrace.core.support.TimescaleServer;

/**
 * Which storage mes-core takes for the station time series at start, on the three kinds of server
 * there are: one that preloads TimescaleDB (the 5433 cluster), one where TimescaleDB is installed
 * but not preloaded (a cluster this test makes from the same PostgreSQL copy), and one without it
 * (the plain 5432 server); with {@code unitrace.timeseries.timescaledb} auto, on and off. And that
 * a database the first {@code V2__time_series.sql} migrated still starts, with its tables as they
 * were.
 */
@TimescaleServer.Required
class TimeSeriesStartupIT {

  private static LocalCluster notPreloaded;

  @BeforeAll
  static void aServerWithTimescaleInstalledButNotPreloaded() {
    notPreloaded = LocalCluster.start("not-preloaded");
  }

  @AfterAll
  static void stop() {
    if (notPreloaded != null) {
      notPreloaded.close();
    }
  }

  @Test
  void installedButNotPreloadedStartsOnPartitionsUnlessTimescaleIsDemanded() {
    String db = TestServers.createDatabase(notPreloaded.adminDbUrl());
    JdbcTemplate jdbc = jdbc(db);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM pg_available_extensions WHERE name = 'timescaledb'",
                Integer.class))
        .as("TimescaleDB is installed on this server")
        .isEqualTo(1);

    assertThatThrownBy(() -> start(db, "on").close())
        .rootCause()
        .hasMessageStartingWith("unitrace.timeseries.timescaledb=on, but TimescaleDB is installed")
        .hasMessageContaining("add timescaledb to shared_preload_libraries");
    assertThat(tableKind(jdbc)).as("a refused start migrates nothing").isNull();

    try (var core = start(db, "auto")) {
      assertThat(core.getBean(TimeSeriesStorage.class).why())
          .contains("installed on the server but not preloaded");
      assertThat(tableKind(jdbc)).isEqualTo("partitions");
      assertThat(extensionCreated(jdbc)).isFalse();
    }
  }

  @Test
  void offNeverTouchesTheExtensionEvenWhereItCouldRun() {
    String db = TimescaleServer.createDatabase();
    try (var core = start(db, "off")) {
      JdbcTemplate jdbc = jdbc(db);
      assertThat(tableKind(jdbc)).isEqualTo("partitions");
      assertThat(extensionCreated(jdbc)).isFalse();
    }
  }

  @Test
  void onRefusesAServerWithoutTimescale() {
    String db = TestServers.createDatabase();
    assertThatThrownBy(() -> start(db, "on").close())
        .rootCause()
        .hasMessage(
            "unitrace.timeseries.timescaledb=on, but TimescaleDB is not installed on the server:"
                + " install TimescaleDB for this PostgreSQL, preload it, or set auto to use"
                + " monthly partitions");
  }

  @Test
  void aPlainDatabaseMigratedByTheFirstV2StartsAndKeepsItsPartitions() {
    String db = TestServers.createDatabase();
    migrateAsTheFirstV2Did(db);
    assertThat(tableKind(jdbc(db))).isEqualTo("partitions");
    try (var core = start(db, "auto")) {
      assertThat(core.getBean(TimeSeriesStorage.class).timescale()).isFalse();
    }
    assertV2IsTheNewOneAndEverythingIsApplied(db);
    assertThat(tableKind(jdbc(db))).isEqualTo("partitions");
  }

  @Test
  void aTimescaleDatabaseMigratedByTheFirstV2StartsAndKeepsItsHypertables() {
    String db = TimescaleServer.createDatabase();
    migrateAsTheFirstV2Did(db);
    assertThat(tableKind(jdbc(db))).isEqualTo("hypertables");
    try (var core = start(db, "auto")) {
      assertThat(core.getBean(TimeSeriesStorage.class).timescale()).isTrue();
    }
    assertV2IsTheNewOneAndEverythingIsApplied(db);
    assertThat(tableKind(jdbc(db))).isEqualTo("hypertables");
  }

  /**
   * What an install of the earlier code holds: V1, the first V2 (its checksum in the history), and
   * every later migration, applied by Flyway as mes-core ran it.
   */
  private static void migrateAsTheFirstV2Did(String db) {
    var dataSource = new DriverManagerDataSource(db);
    Flyway.configure().dataSource(dataSource).target("1").load().migrate();
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/first-v2")
        .validateOnMigrate(false)
        .load()
        .migrate();
    Flyway.configure()
        .dataSource(dataSource)
        .placeholders(java.util.Map.of(TimeSeriesMigration.PLACEHOLDER, "unused"))
        .validateOnMigrate(false)
        .load()
        .migrate();
    assertThat(v2Checksum(jdbc(db))).isEqualTo(TimeSeriesMigration.FIRST_V2_CHECKSUM);
  }

  private static void assertV2IsTheNewOneAndEverythingIsApplied(String db) {
    JdbcTemplate jdbc = jdbc(db);
    assertThat(v2Checksum(jdbc)).isEqualTo(TimeSeriesMigration.V2_CHECKSUM);
    // Flyway itself finds the history valid against this build's migrations
    Flyway flyway =
        Flyway.configure()
            .dataSource(new DriverManagerDataSource(db))
            .placeholders(java.util.Map.of(TimeSeriesMigration.PLACEHOLDER, "false"))
            .load();
    assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
    assertThat(flyway.info().pending()).isEmpty();
  }

  /** A whole mes-core on {@code db}; arguments, so they win over UNITRACE_DB_URL and the like. */
  private static ConfigurableApplicationContext start(String db, String mode) {
    return new SpringApplicationBuilder(MesCoreApplication.class)
        .run(
            "--unitrace.db.url=" + db,
            "--unitrace.timeseries.timescaledb=" + mode,
            "--unitrace.mqtt.enabled=false",
            "--server.port=0",
            "--unitrace.data-dir=target/it-data/" + TestServers.unique("startup-"),
            "--unitrace.security.admin-password=" + TestServers.unique("pw-"));
  }

  private static JdbcTemplate jdbc(String db) {
    return new JdbcTemplate(new DriverManagerDataSource(db));
  }

  private static Integer v2Checksum(JdbcTemplate jdbc) {
    return jdbc.queryForObject(
        "SELECT checksum FROM flyway_schema_history WHERE version = '2'", Integer.class);
  }

  private static boolean extensionCreated(JdbcTemplate jdbc) {
    return Boolean.TRUE.equals(
        jdbc.queryForObject(
            "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')",
            Boolean.class));
  }

  /** "partitions", "hypertables", or null where station_event does not exist. */
  private static String tableKind(JdbcTemplate jdbc) {
    List<String> kinds =
        jdbc.queryForList(
            """
            SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_partitioned_table
                                      WHERE partrelid = to_regclass('station_event'))
                        THEN 'partitions' ELSE 'hypertables' END
             WHERE to_regclass('station_event') IS NOT NULL
            """,
            String.class);
    if (kinds.isEmpty()) {
      return null;
    }
    if (kinds.get(0).equals("hypertables")) {
      assertThat(
              jdbc.queryForList(
                  "SELECT hypertable_name::text FROM timescaledb_information.hypertables"
                      + " ORDER BY 1",
                  String.class))
          .containsExactly("station_event", "station_state");
    }
    return kinds.get(0);
  }
}
