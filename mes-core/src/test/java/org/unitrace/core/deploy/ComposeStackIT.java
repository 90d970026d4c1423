package org.unitrace.core.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unitrace.core.support.TestServers;

/**
 * The plant of {@code deploy/compose/} as a plant runs it: TimescaleDB, Mosquitto with TLS and the
 * per-line ACL, two mes-core instances behind nginx and a simulated line (PLC simulator, marker
 * with its verifier, scanner, and the edge agent, whose API token the one-shot provision service
 * made through the API), all in containers of the images built here. A unit marked on the line,
 * with a serial from a block the core allocated to it, is traced through the reverse proxy; then
 * one mes-core container is killed (SIGKILL) while the line produces: units marked afterwards are
 * still recorded, and traced, through the other, and every event the line's agent had published
 * (the broker acknowledged it) is stored, once, including those the broker had queued in the dead
 * instance's session, which the live one adopts through the broker's mes-core listener.
 *
 * <p>Needs a Docker daemon and the images: the base images ({@code deploy/images/build-base.sh},
 * run here, cached) and the Jib images of mes-core, the edge agent and the simulators, which the
 * build makes in its package phase with the profile {@code docker-images} (on wherever {@code
 * UNITRACE_DOCKER} is set). Without a daemon it is skipped, unless {@code UNITRACE_DOCKER=required}
 * (CI), where it fails. The stack is torn down, volumes and all, whatever happens; the containers'
 * logs are kept in {@code target/compose-it.log}.
 */
class ComposeStackIT {

  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Path COMPOSE_FILE = ROOT.resolve("deploy/compose/docker-compose.yml");
  private static final String PROJECT = "unitrace-it-" + ProcessHandle.current().pid();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static List<String> compose;
  private static Map<String, String> env;
  private static String proxy;
  private static String auth;
  private static boolean started;
  private static String skipped;

  @BeforeAll
  static void startStack() throws Exception {
    boolean required = "required".equals(System.getenv("UNITRACE_DOCKER"));
    if (run(List.of("docker", "info"), Map.of(), Duration.ofSeconds(30)).code != 0) {
      String why = "no Docker daemon answers `docker info`";
      if (required) {
        throw new IllegalStateException(why + ", and UNITRACE_DOCKER=required");
      }
      skipped = why + ": the compose stack test is skipped (UNITRACE_DOCKER=required fails)";
      return;
    }
    compose = composeCommand();
    exec(List.of("bash", ROOT.resolve("deploy/images/build-base.sh").toString()), Map.of(), 30);
    // UNITRACE_TAG: images of another tag than latest (e.g. -Djib.to.tags=x), so that builds of
    // other checkouts on the same engine do not replace the ones tested here
    String tag = System.getenv().getOrDefault("UNITRACE_TAG", "latest");
    for (String image : List.of("mes-core", "edge-agent", "simulators")) {
      if (run(
                  List.of("docker", "image", "inspect", "unitrace/" + image + ":" + tag),
                  Map.of(),
                  Duration.ofSeconds(30))
              .code
          != 0) {
        throw new IllegalStateException(
            "image unitrace/"
                + image
                + ":"
                + tag
                + " is missing: build the images with ./mvnw -B -DskipTests -Pdocker-images"
                + " install (CI: UNITRACE_DOCKER set; -Djib.to.tags="
                + tag
                + " for UNITRACE_TAG)");
      }
    }
    Path secrets = ROOT.resolve("mes-core/target/compose-it-secrets");
    exec(
        List.of(
            "bash", ROOT.resolve("deploy/compose/init-secrets.sh").toString(), secrets.toString()),
        Map.of(),
        5);
    int httpPort = TestServers.freePort();
    env =
        Map.of(
            "UNITRACE_SECRETS", secrets.toString(),
            "UNITRACE_HTTP_PORT", Integer.toString(httpPort),
            "UNITRACE_MQTT_PORT", Integer.toString(TestServers.freePort()),
            "UNITRACE_SIM_CYCLE", "1s",
            "UNITRACE_TAG", tag);
    proxy = "http://127.0.0.1:" + httpPort;
    String password = Files.readString(secrets.resolve("admin-password")).strip();
    auth =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
    // left over from an interrupted run
    run(composeArgs("down", "-v", "--remove-orphans"), env, Duration.ofMinutes(3));
    started = true;
    // "up -d" returns once each service's dependencies are healthy: the proxy last.
    exec(composeArgs("up", "-d"), env, 25);
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (!started) {
      return;
    }
    Path log = ROOT.resolve("mes-core/target/compose-it.log");
    Result logs =
        run(composeArgs("logs", "--no-color", "--timestamps"), env, Duration.ofMinutes(2));
    Files.writeString(log, logs.output);
    Result down = run(composeArgs("down", "-v", "--remove-orphans"), env, Duration.ofMinutes(5));
    if (down.code != 0) {
      throw new IllegalStateException("compose down failed:\n" + down.output);
    }
  }

  @Test
  void aUnitMarkedOnTheLineIsTracedThroughTheProxyAndEveryEventStoredOnceWithOneCoreKilled()
      throws Exception {
    Assumptions.assumeTrue(skipped == null, skipped);
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(2))
        .ignoreExceptions()
        .until(() -> get("/actuator/health").statusCode() == 200);

    long[] seq = {firstSerialAllocated()};
    JsonNode before = completedUnitMarkedAfter(seq, Instant.EPOCH);
    assertMarkedAndMadeOnTheLine(before);

    // killed, not stopped, and not restarted by Docker: its session at the broker keeps the share
    // of the line's events routed to it until mes-core-2 adopts it
    String core1 = containerId("mes-core-1");
    exec(List.of("docker", "update", "--restart", "no", core1), Map.of(), 1);
    exec(List.of("docker", "kill", core1), Map.of(), 1);
    Instant killed = Instant.now();
    assertThat(containerState("mes-core-1")).isEqualTo("exited");

    // units marked from now on reach the database only through mes-core-2
    JsonNode later = completedUnitMarkedAfter(seq, killed);
    assertMarkedAndMadeOnTheLine(later);
    assertThat(get("/actuator/health").statusCode()).isEqualTo(200);

    long published = publishedOnceTheLineStops();
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () ->
                assertThat(storedEventsBelow(published))
                    .as(
                        "stored events with seq < %d (rows, distinct seq) of edge-AKL-L1, %s s"
                            + " after the kill",
                        published, Duration.between(killed, Instant.now()).toSeconds())
                    .isEqualTo(published + "|" + published));
    System.out.printf(
        "ComposeStackIT: all %d events of edge-AKL-L1 stored once, %d s after mes-core-1 was"
            + " killed%n",
        published, Duration.between(killed, Instant.now()).toSeconds());
    assertThat(containerState("mes-core-1")).isEqualTo("exited");
  }

  /**
   * Stops the line's PLC, waits until the agent's outbox is empty, and returns how many events the
   * broker has acknowledged to the agent: its events have seq 0 up to one less than that.
   */
  private static long publishedOnceTheLineStops() throws Exception {
    exec(composeArgs("stop", "plc-sim"), env, 3);
    long[] last = {-1};
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(3))
        .ignoreExceptions()
        .until(
            () -> {
              long depth = agentMetric("unitrace.edge.outbox.depth");
              long published = agentMetric("unitrace.edge.events.published");
              boolean settled = depth == 0 && published == last[0];
              last[0] = published;
              return settled;
            });
    return last[0];
  }

  /**
   * A metric of the edge agent's actuator, read inside its container (its port is not published).
   */
  private static long agentMetric(String name) throws Exception {
    String body =
        exec(
            List.of(
                "docker",
                "exec",
                containerId("edge-agent"),
                "curl",
                "-fsS",
                "http://127.0.0.1:8081/actuator/metrics/" + name),
            Map.of(),
            1);
    return (long) JSON.readTree(body).path("measurements").get(0).path("value").asDouble();
  }

  /** "rows|distinct seq" of the agent's stored events with a seq below the one given. */
  private static String storedEventsBelow(long seq) throws Exception {
    return exec(
            List.of(
                "docker",
                "exec",
                "-u",
                "postgres", // local logins: peer authentication
                containerId("db"),
                "psql",
                "-d",
                "unitrace",
                "-Atc",
                "SELECT count(*) || '|' || count(DISTINCT seq) FROM event"
                    + " WHERE agent_id = 'edge-AKL-L1' AND seq < "
                    + seq),
            Map.of(),
            1)
        .strip();
  }

  /**
   * The unit got its serial at MARK (marked and verified there, serialized as the provisioned
   * product) and then passed the line, all reported by the line's agent.
   */
  private static void assertMarkedAndMadeOnTheLine(JsonNode unit) {
    assertThat(unit.path("partNumber").asText()).isEqualTo("CTRL-900");
    assertThat(unit.path("runId").asText()).isEqualTo("RUN-AKL-L1");
    assertThat(unit.path("serializedAt").isNull()).isFalse();
    List<String> identity = new ArrayList<>();
    unit.path("timeline")
        .forEach(
            e -> {
              String type = e.path("type").asText();
              if (type.equals("UnitSerialized") || type.equals("MarkVerified")) {
                identity.add(
                    type
                        + " at "
                        + e.path("station").asText()
                        + " by "
                        + e.path("agentId").asText()
                        + (type.equals("MarkVerified")
                            ? ", passed " + e.path("payload").path("passed").asText()
                            : ""));
              }
            });
    assertThat(identity)
        .containsExactlyInAnyOrder(
            "UnitSerialized at MARK by edge-AKL-L1",
            "MarkVerified at MARK by edge-AKL-L1, passed true");
    assertThat(unit.path("timeline").findValuesAsText("station"))
        .contains("MARK", "ST10", "ST20", "ST30");
  }

  /**
   * The first number of the serial blocks the core allocated to line AKL/L1 (its agent asks for one
   * before it marks the first part).
   */
  private static long firstSerialAllocated() {
    long[] first = {-1};
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () -> {
              HttpResponse<String> r = get("/api/serial-blocks?site=AKL&line=L1");
              if (r.statusCode() != 200) {
                return false;
              }
              for (JsonNode b : JSON.readTree(r.body())) {
                long n = b.path("first").asLong();
                first[0] = first[0] < 0 ? n : Math.min(first[0], n);
              }
              return first[0] >= 0;
            });
    return first[0];
  }

  /**
   * From serial number {@code seq[0]} on (line-L1.yml's template: {@code AKLL1} and seven digits),
   * the first unit serialized after {@code after} that has passed the whole line (status
   * COMPLETED), read through the proxy; {@code seq[0]} is left on it. Units that end NOK on the way
   * or were serialized earlier are passed over, and so is a serial that became no unit (a failed
   * mark), or a unit whose UnitSerialized is not stored, once the next one is in.
   */
  private static JsonNode completedUnitMarkedAfter(long[] seq, Instant after) {
    JsonNode[] found = new JsonNode[1];
    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              HttpResponse<String> r = get("/api/units/" + serial(seq[0]));
              if (r.statusCode() != 200) {
                if (get("/api/units/" + serial(seq[0] + 1)).statusCode() == 200) {
                  seq[0]++;
                }
                return false;
              }
              JsonNode unit = JSON.readTree(r.body());
              if (!unit.path("serializedAt").isTextual()) {
                // its UnitSerialized is not stored (yet): pass over it once the next unit is in
                if (get("/api/units/" + serial(seq[0] + 1)).statusCode() == 200) {
                  seq[0]++;
                }
                return false;
              }
              Instant serialized =
                  OffsetDateTime.parse(unit.path("serializedAt").asText()).toInstant();
              if (!serialized.isAfter(after)
                  || unit.path("timeline").findValuesAsText("result").contains("NOK")) {
                seq[0]++;
                return false;
              }
              if ("COMPLETED".equals(unit.path("status").asText())) {
                found[0] = unit;
                return true;
              }
              return false;
            });
    return found[0];
  }

  private static String serial(long seq) {
    return "AKLL1%07d".formatted(seq);
  }

  private static String containerState(String service) throws Exception {
    return exec(
            List.of("docker", "inspect", "-f", "{{.State.Status}}", containerId(service)),
            Map.of(),
            1)
        .strip();
  }

  private static String containerId(String service) throws Exception {
    return exec(composeArgs("ps", "-q", service), env, 1).strip();
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(proxy + path))
            .header("Authorization", auth)
            .timeout(Duration.ofSeconds(20))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** docker-compose (Debian bookworm's package, v1) where installed, else Compose v2's plugin. */
  private static List<String> composeCommand() throws Exception {
    if (run(List.of("docker-compose", "version"), Map.of(), Duration.ofSeconds(30)).code == 0) {
      return List.of("docker-compose");
    }
    if (run(List.of("docker", "compose", "version"), Map.of(), Duration.ofSeconds(30)).code == 0) {
      return List.of("docker", "compose");
    }
    throw new IllegalStateException(
        "neither docker-compose nor docker compose is installed (apt-get install docker-compose)");
  }

  private static List<String> composeArgs(String... args) {
    List<String> command = new ArrayList<>(compose);
    command.addAll(List.of("-p", PROJECT, "-f", COMPOSE_FILE.toString()));
    command.addAll(List.of(args));
    return command;
  }

  /** Runs a command that must succeed within the minutes given; returns its output. */
  private static String exec(List<String> command, Map<String, String> extraEnv, int minutes)
      throws Exception {
    Result r = run(command, extraEnv, Duration.ofMinutes(minutes));
    if (r.code != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " failed with exit code " + r.code + ":\n" + r.output);
    }
    return r.output;
  }

  private record Result(int code, String output) {}

  private static Result run(List<String> command, Map<String, String> extraEnv, Duration timeout)
      throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
    pb.environment().putAll(extraEnv);
    pb.redirectErrorStream(true);
    Path out = Files.createTempFile(ROOT.resolve("mes-core/target"), "compose-it", ".out");
    pb.redirectOutput(out.toFile());
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      Files.deleteIfExists(out);
      return new Result(127, command.get(0) + ": " + e.getMessage());
    }
    if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      Files.deleteIfExists(out);
      throw new IllegalStateException(
          String.join(" ", command) + " did not finish within " + timeout);
    }
    String output = Files.readString(out);
    Files.deleteIfExists(out);
    return new Result(p.exitValue(), output);
  }
}
