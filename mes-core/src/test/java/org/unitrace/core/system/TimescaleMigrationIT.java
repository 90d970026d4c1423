package org.unitrace.core.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * The TimescaleDB path of the migrations: station time series become hypertables with compression
 * and retention policies. Needs Docker (the timescale/timescaledb image); where there is none, it
 * is skipped. The plain PostgreSQL path is what every other IT runs on.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(properties = {"unitrace.mqtt.enabled=false", "unitrace.timeseries.retention=P400D"})
class TimescaleMigrationIT {

  @Container
  static final PostgreSQLContainer<?> TIMESCALE =
      new PostgreSQLContainer<>(
          DockerImageName.parse("timescale/timescaledb:2.17.2-pg16")
              .asCompatibleSubstituteFor("postgres"));

  @Autowired JdbcTemplate jdbc;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("unitrace.db.url", TIMESCALE::getJdbcUrl);
    registry.add("unitrace.db.username", TIMESCALE::getUsername);
    registry.add("unitrace.db.password", TIMESCALE::getPassword);
  }

  @Test
  void stationSeriesAreHypertablesWithCompressionAndRetention() {
    assertThat(
            jdbc.queryForList(
                "SELECT hypertable_name FROM timescaledb_information.hypertables"
                    + " ORDER BY hypertable_name",
                String.class))
        .containsExactly("station_event", "station_state");
    assertThat(
            jdbc.queryForList(
                "SELECT proc_name FROM timescaledb_information.jobs"
                    + " WHERE hypertable_name = 'station_event' ORDER BY proc_name",
                String.class))
        .contains("policy_compression", "policy_retention");
  }
}
