package org.unitrace.core.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventCodec;
import org.unitrace.core.support.CoreProcess;
import org.unitrace.core.support.LocalCluster;
import org.unitrace.core.support.MqttTestPublisher;
import org.unitrace.core.support.StoredEvents;
import org.unitrace.core.support.TestEvents;
import org.unitrace.core.support.TestServers;

/**
 * Faults of the database a plant meets, against a real mes-core process, the real Mosquitto and a
 * PostgreSQL 15 cluster of this test's own (the shared server is never restarted): the server
 * restarted under ingestion load, the database read-only, its disk full. In each, every event the
 * broker acknowledged to the agents is stored exactly once in the end, the core acknowledges
 * nothing it has not stored meanwhile (what it did not store waits at the broker), {@code
 * /actuator/health} says DOWN and why while it lasts (the liveness probe stays UP: restarting the
 * core would not help), and the core takes up ingestion by itself when the fault clears, without a
 * restart.
 */
class DatabaseFaultsIT {

  private static final String ADMIN_PASSWORD = "database faults";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static LocalCluster cluster;

  private final String group = TestServers.unique("dbf-");
  private final List<CoreProcess> cores = new ArrayList<>();
  private final Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
  private String db;

  @BeforeAll
  static void ownCluster() {
    cluster = LocalCluster.start("faults", LocalCluster.DEBIAN_PG15);
  }

  @AfterAll
  static void removeCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void stopCores() {
    cores.forEach(CoreProcess::close);
  }

  @Test
  void postgresRestartedUnderLoadLosesNothingAndIngestionResumesByItself() throws Exception {
    db = createDatabase("");
    CoreProcess core = start();
    long emptySize = count("SELECT pg_database_size(current_database())");
    Thread agents = publishInBackground(2, 2000);

    await().atMost(Duration.ofSeconds(120)).until(() -> storedEvents() > 1000);
    cluster.stopServer();
    try {
      publish("X", 50); // whatever the agents still had to send: these come while it is away
      // while the server is away: DOWN, saying the database is the matter (to anyone: nobody can
      // sign in without it, so the details stay hidden); the process lives on
      JsonNode down = awaitDown(core, "ingest");
      assertThat(down.at("/components/db/status").asText()).isEqualTo("DOWN");
      assertThat(liveness(core)).isEqualTo(200);
    } finally {
      cluster.startServer();
    }

    agents.join(Duration.ofMinutes(4).toMillis());
    assertThat(agents.isAlive()).as("agents done publishing").isFalse();
    assertThat(acknowledged).hasSize((2 * 2000 + 50) * 4);
    awaitAllStoredOnce(core);

    // what /actuator/prometheus gives the alert rules in deploy/prometheus
    String metrics =
        new String(core.send(core.get("/actuator/prometheus", core.admin())).body(), UTF_8);
    for (String metric : PrometheusRulesTest.metricNames("unitrace-mes-core")) {
      // up is Prometheus's own, per scrape; an agent's metrics come from the agents
      if (!metric.equals("up") && !metric.startsWith("unitrace_edge_")) {
        assertThat(metrics).as("/actuator/prometheus").containsPattern("(?m)^" + metric + "[{ ]");
      }
    }
    // for docs/operations.md, Sizing: what a unit of this stream (four events) adds
    admin("CHECKPOINT");
    long units = count("SELECT count(*) FROM unit");
    System.out.printf(
        "database faults: %d units, %d events, %.1f kB a unit (database %d MB, %d MB empty)%n",
        units,
        acknowledged.size(),
        (count("SELECT pg_database_size(current_database())") - emptySize) / 1024.0 / units,
        count("SELECT pg_database_size(current_database())") >> 20,
        emptySize >> 20);
  }

  @Test
  void aReadOnlyDatabaseAcknowledgesNothingItDidNotStoreAndSaysWhy() throws Exception {
    db = createDatabase("");
    CoreProcess core = start();
    publish("R0", 200);
    await().atMost(Duration.ofSeconds(60)).until(() -> storedEvents() == 800);
    // an integration's token, made while the database takes writes
    HttpResponse<byte[]> made =
        core.send(
            core.post(
                "/api/admin/tokens",
                core.admin(),
                "{\"name\":\"%s\",\"roles\":[\"production\"],\"validity\":\"P1D\"}"
                    .formatted(group)));
    assertThat(made.statusCode()).as(new String(made.body(), UTF_8)).isIn(200, 201);
    String token = "Bearer " + JSON.readTree(made.body()).get("token").asText();

    admin("ALTER SYSTEM SET default_transaction_read_only = on", "SELECT pg_reload_conf()");
    publish("R1", 500); // acknowledged by the broker, not by the core
    awaitDown(core, "ingest");
    assertThat(details(core).at("/components/ingest/details/reason").asText())
        .startsWith("the database refuses writes: it is read-only (SQLSTATE 25006");
    assertThat(liveness(core)).isEqualTo(200);
    // from the first refused write on, nothing more is stored (a batch may have committed while
    // the server's backends took the reload)
    long storedAtDown = storedEvents();
    assertThat(storedAtDown).as("stored meanwhile").isLessThan(acknowledged.size());

    // an agent draining its outbox over HTTP is told to come back; nothing of it is stored
    Event posted =
        new TestEvents("AKL", group + "H", "edge-" + group + "H")
            .serialized(group + "-HTTP-1", "CTRL-900", "RUN-H");
    HttpResponse<byte[]> answer =
        core.send(core.post("/api/events", token, "[" + encode(posted) + "]"));
    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(answer.headers().firstValue("Retry-After")).hasValue("10");
    assertThat(storedEvents()).isEqualTo(storedAtDown);

    admin(
        "SET default_transaction_read_only = off",
        "ALTER SYSTEM RESET default_transaction_read_only",
        "SELECT pg_reload_conf()");
    awaitAllStoredOnce(core);
  }

  @Test
  void aFullDiskAcknowledgesNothingItDidNotStoreAndIngestionResumesOnceThereIsRoom()
      throws Exception {
    Path disk = Path.of("target", "full-disk-" + group).toAbsolutePath();
    Files.createDirectories(disk);
    boolean mounted = sh("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", disk.toString());
    assumeTrue(mounted, "cannot mount a tmpfs here (not root, or no privilege): no disk to fill");
    try {
      Path space = disk.resolve("pg");
      Files.createDirectories(space);
      if (LocalCluster.root()) {
        sh("chown", "-R", "postgres:postgres", disk.toString());
      }
      String tablespace = "small_" + group.replace("-", "_");
      admin("CREATE TABLESPACE " + tablespace + " LOCATION '" + space + "'");
      db = createDatabase(" TABLESPACE " + tablespace);
      CoreProcess core = start();
      publish("F0", 100);
      await().atMost(Duration.ofSeconds(60)).until(() -> storedEvents() == 400);

      Path filler = disk.resolve("filler");
      fill(filler);
      Thread agents = publishInBackground(2, 1000);
      awaitDown(core, "ingest");
      assertThat(details(core).at("/components/ingest/details/reason").asText())
          .startsWith("the database's disk is full (SQLSTATE 53100");
      assertThat(liveness(core)).isEqualTo(200);
      agents.join(Duration.ofMinutes(4).toMillis());
      assertThat(agents.isAlive()).as("agents done publishing").isFalse();
      assertThat(storedEvents())
          .as("stored while the disk was full")
          .isLessThan(acknowledged.size());

      Files.delete(filler); // the operator makes room
      awaitAllStoredOnce(core);
      core.close();
      dropDatabase();
      admin("DROP TABLESPACE " + tablespace);
    } finally {
      sh("umount", "-l", disk.toString());
    }
  }

  private CoreProcess start() throws IOException {
    CoreProcess core =
        CoreProcess.onDatabase(
            group,
            db,
            ADMIN_PASSWORD,
            "--unitrace.mqtt.client-id=" + group,
            "--unitrace.mqtt.share-group=" + group,
            "--unitrace.mqtt.session-expiry=PT10M");
    cores.add(core);
    return core;
  }

  /** Everything the broker acknowledged is stored, once; the core says UP again. */
  private void awaitAllStoredOnce(CoreProcess core) throws Exception {
    await().atMost(Duration.ofMinutes(4)).until(() -> storedEvents() >= acknowledged.size());
    assertThat(new StoredEvents(db).idsOnLines(group)).isEqualTo(acknowledged);
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(() -> assertThat(health(core).path("status").asText()).isEqualTo("UP"));
    assertThat(core.isAlive()).isTrue();
  }

  private JsonNode awaitDown(CoreProcess core, String component) throws IOException {
    await()
        .atMost(Duration.ofMinutes(2))
        .untilAsserted(
            () ->
                assertThat(health(core).at("/components/" + component + "/status").asText())
                    .isEqualTo("DOWN"));
    JsonNode health = health(core);
    assertThat(health.path("status").asText()).isEqualTo("DOWN");
    return health;
  }

  /** What anyone sees: the status and each component's. */
  private JsonNode health(CoreProcess core) throws IOException {
    return JSON.readTree(core.send(core.get("/actuator/health", null)).body());
  }

  /** What a signed-in caller sees: the components' details too. */
  private JsonNode details(CoreProcess core) throws IOException {
    return JSON.readTree(core.send(core.get("/actuator/health", core.admin())).body());
  }

  private int liveness(CoreProcess core) {
    return core.send(core.get("/actuator/health/liveness", null)).statusCode();
  }

  private Thread publishInBackground(int agents, int units) {
    Thread t =
        new Thread(
            () -> {
              List<Thread> threads = new ArrayList<>();
              for (int a = 0; a < agents; a++) {
                String line = "B" + a;
                Thread p = new Thread(() -> publish(line, units), "agent-" + line);
                p.start();
                threads.add(p);
              }
              for (Thread p : threads) {
                try {
                  p.join();
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "agents");
    t.start();
    return t;
  }

  /** An agent's stream: four events a unit, each acknowledged by the broker (PUBACK). */
  private void publish(String line, int units) {
    MqttTestPublisher.publishCompletedUnits(group + line, units, acknowledged);
  }

  private static String encode(Event e) {
    return new String(new EventCodec().encode(e), UTF_8);
  }

  /** Writes zeros to {@code file} until the file system has no room left. */
  private static void fill(Path file) throws IOException {
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(file)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException full) {
      if (!String.valueOf(full.getMessage()).contains("No space left")) {
        throw full;
      }
    }
  }

  private String createDatabase(String options) throws SQLException {
    String name = "faults_" + group.replace("-", "_");
    admin("CREATE DATABASE " + name + options);
    return cluster.dbUrl(name);
  }

  private void dropDatabase() throws SQLException {
    admin("DROP DATABASE IF EXISTS faults_" + group.replace("-", "_") + " WITH (FORCE)");
  }

  private static void admin(String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection(cluster.adminDbUrl());
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  /** This test's events: its cores also store what other tests publish on the test broker. */
  private long storedEvents() throws SQLException {
    return new StoredEvents(db).countOnLines(group);
  }

  private long count(String sql) throws SQLException {
    return new StoredEvents(db).count(sql);
  }

  private static boolean sh(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    boolean ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    if (!ok) {
      System.err.println(String.join(" ", command) + ": " + output);
    }
    return ok;
  }
}
