package org.unitrace.core.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventCodec;
import org.unitrace.contract.EventPayload;
import org.unitrace.contract.EventPayload.Result;
import org.unitrace.core.support.TestServers;
import org.unitrace.core.support.TimescaleServer;

/**
 * The TimescaleDB path, on a real server that preloads it (the 5433 cluster): the migrations make
 * the station time series hypertables with compression and retention policies; the compression
 * policy compresses old chunks, an event that arrives late for a compressed chunk is stored there
 * and reaches the hourly rollup and the dashboard; the retention policy drops chunks past it.
 */
@TimescaleServer.Required
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "unitrace.mqtt.enabled=false",
      "unitrace.timeseries.retention=P400D",
      "unitrace.dashboard.rollup-interval=PT1S"
    })
class TimescaleMigrationIT {

  private static final String ADMIN_PASSWORD = TestServers.unique("admin-pw-");
  private static final String WRITER_PASSWORD = TestServers.unique("writer-pw-");
  private static final String SITE = "AKL";

  @Autowired JdbcTemplate jdbc;
  @Autowired TestRestTemplate anonymous;
  @Autowired TimeSeriesStorage storage;

  private final EventCodec codec = new EventCodec();
  private final String line = TestServers.unique("TS");
  private TestRestTemplate http;
  private long seq;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    String db = TimescaleServer.createDatabase();
    registry.add("unitrace.db.url", () -> db);
    registry.add("unitrace.data-dir", () -> "target/it-data/" + TestServers.unique("tsdb-"));
    registry.add("unitrace.security.admin-password", () -> ADMIN_PASSWORD);
  }

  @BeforeEach
  void aLineWriter() {
    if (jdbc.queryForObject(
            "SELECT count(*) FROM app_user WHERE username = 'line-writer'", Integer.class)
        == 0) {
      var created =
          anonymous
              .withBasicAuth("admin", ADMIN_PASSWORD)
              .postForEntity(
                  "/api/admin/users",
                  Map.of(
                      "username",
                      "line-writer",
                      "password",
                      WRITER_PASSWORD,
                      "roles",
                      List.of("production", "quality")),
                  String.class);
      assertThat(created.getStatusCode().is2xxSuccessful()).as(created.toString()).isTrue();
    }
    http = anonymous.withBasicAuth("line-writer", WRITER_PASSWORD);
  }

  @Test
  void stationSeriesAreHypertablesWithCompressionAndRetentionPolicies() {
    assertThat(storage.timescale()).isTrue();
    assertThat(storage.why()).contains("the server preloads TimescaleDB");
    assertThat(
            jdbc.queryForList(
                "SELECT hypertable_name::text FROM timescaledb_information.hypertables"
                    + " WHERE compression_enabled ORDER BY 1",
                String.class))
        .containsExactly("station_event", "station_state");
    assertThat(
            jdbc.queryForList(
                "SELECT hypertable_name || ' ' || proc_name FROM timescaledb_information.jobs"
                    + " WHERE hypertable_name IS NOT NULL ORDER BY 1",
                String.class))
        .containsExactly(
            "station_event policy_compression",
            "station_event policy_retention",
            "station_state policy_compression",
            "station_state policy_retention");
    assertThat(
            jdbc.queryForList(
                "SELECT attname::text FROM timescaledb_information.compression_settings"
                    + " WHERE hypertable_name = 'station_event' AND segmentby_column_index"
                    + " IS NOT NULL ORDER BY segmentby_column_index",
                String.class))
        .containsExactly("site", "line", "station");
    assertThat(
            jdbc.queryForObject(
                "SELECT checksum FROM flyway_schema_history WHERE version = '2'", Integer.class))
        .isEqualTo(TimeSeriesMigration.V2_CHECKSUM);
  }

  @Test
  void lateEventsLandInCompressedChunksAndReachTheRollupAndTheDashboard() {
    Instant hour = Instant.now().minus(Duration.ofDays(20)).truncatedTo(ChronoUnit.HOURS);
    List<Event> onTime = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      onTime.add(result("U-" + i, hour.plusSeconds(600 + i), i == 2 ? Result.NOK : Result.OK));
    }
    assertThat(post(onTime)).containsOnly("stored");

    runJob("policy_compression", "station_event");
    assertThat(chunkCompressed(hour)).as("the compression policy compressed the chunk").isTrue();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> rollupResults(hour), results -> results == 3);

    Event late = result("U-late", hour.plusSeconds(1800), Result.NOK);
    assertThat(post(List.of(late))).containsExactly("stored");
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM station_event WHERE line = ? AND time >= ? AND time < ?",
                Integer.class,
                line,
                Timestamp.from(hour),
                Timestamp.from(hour.plus(Duration.ofHours(1)))))
        .isEqualTo(4);
    assertThat(chunkCompressed(hour)).as("the late event went into the compressed chunk").isTrue();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> rollupResults(hour), results -> results == 4);

    // a 3-day range: the dashboard reads whole hours from the rollup, over compressed chunks
    JsonNode view =
        http.getForObject(
            "/api/dashboard/production?from={from}&to={to}&site={site}&line={line}",
            JsonNode.class,
            hour.minus(Duration.ofDays(1)).toString(),
            hour.plus(Duration.ofDays(2)).toString(),
            SITE,
            line);
    JsonNode station = view.path("lines").path(0).path("stations").path(0);
    assertThat(station.path("station").asText()).isEqualTo("TEST");
    assertThat(station.path("units").asLong()).isEqualTo(4);
    assertThat(station.path("nok").asLong()).isEqualTo(2);
  }

  @Test
  void theRetentionPolicyDropsChunksWhollyPastTheRetention() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant old = now.minus(Duration.ofDays(500));
    Instant recent = now.minus(Duration.ofDays(1));
    for (Instant at : List.of(old, recent)) {
      jdbc.update(
          "INSERT INTO station_event (time, site, line, station, type, event_id)"
              + " VALUES (?, ?, ?, 'TEST', 'StationResult', ?)",
          Timestamp.from(at),
          SITE,
          line,
          UUID.randomUUID());
    }
    assertThat(chunksHolding(old)).isEqualTo(1);

    runJob("policy_retention", "station_event");
    assertThat(chunksHolding(old)).isZero();
    assertThat(
            jdbc.queryForList(
                "SELECT time FROM station_event WHERE line = ?", Timestamp.class, line))
        .containsExactly(Timestamp.from(recent));
  }

  private Event result(String unit, Instant at, Result result) {
    return new Event(
        UUID.randomUUID(),
        Event.CURRENT_SCHEMA_VERSION,
        at,
        SITE,
        line,
        "TEST",
        "edge-" + line,
        seq++,
        new EventPayload.StationResult(unit, result, null, 4200L, Map.of("torqueNm", 12.5)));
  }

  private List<String> post(List<Event> events) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    String body = "[" + String.join(",", events.stream().map(codec::encodeToString).toList()) + "]";
    JsonNode answer =
        http.postForObject("/api/events", new HttpEntity<>(body, headers), JsonNode.class);
    List<String> statuses = new ArrayList<>();
    answer.forEach(a -> statuses.add(a.path("status").asText()));
    return statuses;
  }

  private void runJob(String proc, String table) {
    Integer job =
        jdbc.queryForObject(
            "SELECT job_id FROM timescaledb_information.jobs"
                + " WHERE proc_name = ? AND hypertable_name = ?",
            Integer.class,
            proc,
            table);
    jdbc.execute("CALL run_job(" + job + ")");
  }

  private boolean chunkCompressed(Instant at) {
    return Boolean.TRUE.equals(
        jdbc.queryForObject(
            "SELECT is_compressed FROM timescaledb_information.chunks"
                + " WHERE hypertable_name = 'station_event' AND range_start <= ? AND ? < range_end",
            Boolean.class,
            Timestamp.from(at),
            Timestamp.from(at)));
  }

  private int chunksHolding(Instant at) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM timescaledb_information.chunks"
            + " WHERE hypertable_name = 'station_event' AND range_start <= ? AND ? < range_end",
        Integer.class,
        Timestamp.from(at),
        Timestamp.from(at));
  }

  private long rollupResults(Instant hour) {
    List<Long> results =
        jdbc.queryForList(
            "SELECT results FROM station_hourly WHERE line = ? AND station = 'TEST' AND hour = ?",
            Long.class,
            line,
            Timestamp.from(hour));
    return results.isEmpty() ? 0 : results.get(0);
  }
}
