package org.unitrace.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.unitrace.core.support.CoreProcess;
import org.unitrace.core.support.MqttTestPublisher;
import org.unitrace.core.support.StoredEvents;
import org.unitrace.core.support.TestServers;

/**
 * Two real mes-core processes on one database and the real Mosquitto, in one share group, while
 * four agents stream events; one core is killed with SIGKILL mid-stream and never comes back. The
 * survivor adopts the dead one's broker session (what the broker had queued and in flight for it)
 * and every event the broker acknowledged is stored exactly once, the agents' watermarks and units
 * are complete, and a browser session's live feed on the survivor counted every stored event, those
 * the dead instance stored included.
 *
 * <p>The cores subscribe to every event topic of a broker other tests publish on at the same time,
 * so they store those tests' events too: what is counted here is this test's lines only.
 */
class TwoInstancesIT {

  private static final int AGENTS = 4;
  private static final int UNITS_PER_AGENT = 2500; // four events a unit: 40,000 events in all
  private static final String ADMIN_PASSWORD = "two instances, one plant";

  private final String db = TestServers.createDatabase();
  private final String group = TestServers.unique("ha-");
  private final String line = TestServers.unique("H");
  private final List<CoreProcess> cores = new ArrayList<>();

  @AfterEach
  void stopCores() {
    cores.forEach(CoreProcess::close);
  }

  @Test
  void aKilledInstancesEventsReachTheSurvivorOnceAndItsLiveFeedSawThemAll() throws Exception {
    CoreProcess a = start("a");
    CoreProcess b = start("b");
    AtomicLong announced = new AtomicLong();
    Thread feed = liveFeed(b, announced);

    Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
    List<Thread> agents = new ArrayList<>();
    for (int agent = 0; agent < AGENTS; agent++) {
      String agentLine = line + agent;
      Thread t =
          new Thread(
              () ->
                  MqttTestPublisher.publishCompletedUnits(agentLine, UNITS_PER_AGENT, acknowledged),
              "agent-" + agentLine);
      t.start();
      agents.add(t);
    }

    await().atMost(Duration.ofSeconds(120)).until(() -> storedEvents() > 4000);
    a.kill();
    long killedAt = System.nanoTime();
    long storedAtKill = storedEvents();
    assertThat(storedAtKill).as("killed mid-stream").isLessThan(AGENTS * UNITS_PER_AGENT * 4L);

    for (Thread t : agents) {
      t.join(Duration.ofMinutes(3).toMillis());
    }
    assertThat(acknowledged).hasSize(AGENTS * UNITS_PER_AGENT * 4);
    await().atMost(Duration.ofMinutes(3)).until(() -> storedEvents() >= acknowledged.size());
    System.out.printf(
        "two instances: %d stored when the core was killed, all %d stored %.1f s after the kill%n",
        storedAtKill, acknowledged.size(), (System.nanoTime() - killedAt) / 1e9);

    assertThat(new StoredEvents(db).idsOnLines(line)).isEqualTo(acknowledged);
    for (int agent = 0; agent < AGENTS; agent++) {
      String agentId = "edge-" + line + agent;
      assertThat(
              count(
                  "SELECT last_seq + 1 FROM agent WHERE agent_id = '%s' AND events_stored = %d"
                      .formatted(agentId, UNITS_PER_AGENT * 4)))
          .as("watermark of " + agentId)
          .isEqualTo(UNITS_PER_AGENT * 4L);
      assertThat(count("SELECT count(*) FROM agent_seq_gap WHERE agent_id = '" + agentId + "'"))
          .isZero();
      assertThat(
              count(
                  "SELECT count(*) FROM unit WHERE line = '%s' AND status = 'COMPLETED'"
                      .formatted(line + agent)))
          .isEqualTo(UNITS_PER_AGENT);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(announced.get())
                    .as("events the live feed on the survivor announced")
                    .isEqualTo(acknowledged.size()));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(count("SELECT count(*) FROM mqtt_session_lease"))
                    .as("the dead instance's session adopted, drained and ended")
                    .isEqualTo(1));
    feed.interrupt();
  }

  private CoreProcess start(String name) throws Exception {
    CoreProcess core =
        CoreProcess.onDatabase(
            group + "-" + name,
            db,
            ADMIN_PASSWORD,
            "--unitrace.mqtt.client-id=" + group + "-" + name,
            "--unitrace.mqtt.share-group=" + group,
            "--unitrace.mqtt.session-expiry=PT10M");
    cores.add(core);
    return core;
  }

  /** Logs in through the login form as a browser does and counts what /api/live announces. */
  private Thread liveFeed(CoreProcess core, AtomicLong announced) throws Exception {
    CookieManager cookies = new CookieManager();
    HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).build();
    browser.send(
        HttpRequest.newBuilder(URI.create(core.url("/login"))).GET().build(),
        HttpResponse.BodyHandlers.discarding());
    String csrf =
        cookies.getCookieStore().getCookies().stream()
            .filter(c -> c.getName().equals("XSRF-TOKEN"))
            .map(HttpCookie::getValue)
            .findFirst()
            .orElseThrow();
    String form =
        "username=admin&password="
            + URLEncoder.encode(ADMIN_PASSWORD, StandardCharsets.UTF_8)
            + "&_csrf="
            + URLEncoder.encode(csrf, StandardCharsets.UTF_8);
    HttpResponse<Void> login =
        browser.send(
            HttpRequest.newBuilder(URI.create(core.url("/login")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(login.statusCode()).isEqualTo(302);
    HttpResponse<Stream<String>> live =
        browser.send(
            HttpRequest.newBuilder(URI.create(core.url("/api/live")))
                .header("Accept", "text/event-stream")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    assertThat(live.statusCode()).isEqualTo(200);
    ObjectMapper json = new ObjectMapper();
    Thread reader =
        new Thread(
            () -> {
              String event = null;
              for (String l : (Iterable<String>) live.body()::iterator) {
                if (l.startsWith("event:")) {
                  event = l.substring(6).trim();
                } else if (l.startsWith("data:") && "stored".equals(event)) {
                  try {
                    for (JsonNode tally : json.readTree(l.substring(5)).get("lines")) {
                      if (tally.get("line").asText().startsWith(line)) {
                        announced.addAndGet(tally.get("events").asLong());
                      }
                    }
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                }
              }
            },
            "live-feed");
    reader.setDaemon(true);
    reader.start();
    return reader;
  }

  private long storedEvents() throws SQLException {
    return new StoredEvents(db).countOnLines(line);
  }

  private long count(String sql) throws SQLException {
    return new StoredEvents(db).count(sql);
  }
}
