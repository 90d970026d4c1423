package org.unitrace.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.unitrace.contract.Event;
import org.unitrace.core.support.CoreProcess;
import org.unitrace.core.support.MqttTestPublisher;
import org.unitrace.core.support.TestEvents;
import org.unitrace.core.support.TestServers;

/**
 * A real mes-core process killed with SIGKILL while events stream in, then started again: every
 * event whose PUBACK the publisher received is in the database exactly once. The broker keeps the
 * core's persistent session (and what arrives while it is down); the core acknowledges only what it
 * has committed.
 */
class CrashRecoveryIT {

  private static final int EVENTS = 3000;

  private final String db = TestServers.createDatabase();
  private final String clientId = TestServers.unique("crash-core-");
  private final String line = TestServers.unique("L");
  private CoreProcess core;

  @AfterEach
  void stopCore() {
    if (core != null) {
      core.close();
    }
  }

  @Test
  void everyAcknowledgedEventSurvivesAKillNineExactlyOnce() throws Exception {
    core = startCore("first");
    Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicBoolean publishing = new AtomicBoolean(true);
    Thread publisher =
        new Thread(
            () -> {
              TestEvents events = new TestEvents("AKL", line, "edge-" + line);
              try (var mqtt = new MqttTestPublisher(TestServers.mqttUrl())) {
                for (int i = 0; i < EVENTS; i++) {
                  Event e = events.serialized("CRASH-" + i, "CTRL-900", "RUN-CRASH");
                  mqtt.publish(e); // returns after the broker's PUBACK
                  acknowledged.add(e.eventId());
                  if (i % 100 == 0) {
                    Thread.sleep(20); // a stream over seconds, not one burst
                  }
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              } finally {
                publishing.set(false);
              }
            });
    publisher.start();

    await().atMost(Duration.ofSeconds(60)).until(() -> storedCount() > 300);
    core.kill(); // SIGKILL: no shutdown hooks, nothing flushed
    long storedAtKill = storedCount();
    assertThat(storedAtKill).isLessThan(EVENTS); // the kill came while events were in flight

    core = startCore("second");
    publisher.join(Duration.ofSeconds(120).toMillis());
    assertThat(publishing).isFalse();
    await().atMost(Duration.ofSeconds(90)).until(() -> storedIds().containsAll(acknowledged));

    List<UUID> all = storedIdsWithRepeats();
    assertThat(new HashSet<>(all)).hasSize(all.size()).containsAll(acknowledged);
    assertThat(acknowledged).hasSize(EVENTS);
  }

  private CoreProcess startCore(String name) throws IOException {
    return CoreProcess.onDatabase(
        "crash-core-" + name,
        db,
        "crash and recover",
        "--unitrace.mqtt.client-id=" + clientId,
        "--unitrace.mqtt.share-group=" + clientId,
        "--unitrace.mqtt.session-expiry=PT5M");
  }

  private long storedCount() throws Exception {
    return storedIdsWithRepeats().size();
  }

  private Set<UUID> storedIds() throws Exception {
    return new HashSet<>(storedIdsWithRepeats());
  }

  private List<UUID> storedIdsWithRepeats() throws Exception {
    List<UUID> ids = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(db);
        Statement s = c.createStatement()) {
      boolean ready =
          s.executeQuery("SELECT to_regclass('event') IS NOT NULL").next()
              && s.getResultSet().getBoolean(1);
      if (!ready) {
        return ids;
      }
      try (ResultSet rs = s.executeQuery("SELECT event_id FROM event")) {
        while (rs.next()) {
          ids.add(rs.getObject(1, UUID.class));
        }
      }
    }
    return ids;
  }
}
