package org.unitrace.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventPayload;
import org.unitrace.core.support.MqttTestPublisher;
import org.unitrace.core.support.TestEvents;
import org.unitrace.core.support.TestServers;
import org.unitrace.sim.broker.PrivateBroker;

/**
 * The broker restarts (sessions kept on disk, as in production) right after a stream, while the
 * core is usually still storing its tail: the core's session comes back by itself (a fresh client,
 * subscribed again, as Mosquitto does not restore shared subscriptions), the broker delivers again
 * what was in flight, and every event the broker acknowledged to the publisher, before and after
 * the restart, is stored once, with no gap in the agent's sequence.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BrokerRestartIT {

  private static final int UNITS = 250; // four events a unit

  private static PrivateBroker broker;

  @Autowired TestRestTemplate http;
  @Autowired JdbcTemplate jdbc;

  @DynamicPropertySource
  static void ownBroker(DynamicPropertyRegistry registry) throws IOException {
    broker = new PrivateBroker(Files.createTempDirectory("broker-restart"));
    broker.start();
    TestServers.useNewDatabase(registry);
    TestServers.useBroker(registry, "restart-", broker::url);
  }

  @AfterAll
  static void stopBroker() throws InterruptedException {
    broker.close();
  }

  @Test
  void eventsInFlightWhenTheBrokerRestartsAreStoredOnceAndIngestionGoesOn() throws Exception {
    String line = TestServers.unique("R");
    TestEvents events = new TestEvents("AKL", line, "edge-" + line);
    Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
    publish(events, 0, UNITS, acknowledged);
    broker.stop(); // at once: what the core has not acknowledged yet stays in its session
    System.out.printf(
        "broker restart: %d of %d events stored at the stop%n", stored(line), UNITS * 4);
    broker.start();

    await().atMost(Duration.ofSeconds(90)).until(this::up);
    publish(events, UNITS, 2 * UNITS, acknowledged);
    await().atMost(Duration.ofSeconds(90)).until(() -> stored(line) >= acknowledged.size());

    assertThat(
            Set.copyOf(
                jdbc.queryForList("SELECT event_id FROM event WHERE line = ?", UUID.class, line)))
        .isEqualTo(acknowledged);
    assertThat(
            jdbc.queryForObject(
                "SELECT last_seq + 1 FROM agent WHERE agent_id = ?", Long.class, "edge-" + line))
        .isEqualTo(UNITS * 8L);
  }

  private void publish(TestEvents events, int from, int to, Set<UUID> acknowledged) {
    try (MqttTestPublisher mqtt = new MqttTestPublisher(broker.url())) {
      for (int i = from; i < to; i++) {
        String serial = "RESTART-" + i;
        for (Event e :
            List.of(
                events.serialized(serial, "CTRL-900", "RUN-R"),
                events.boundLot(serial, "CELL-1", "LOT-R", "SUP-1"),
                events.result(serial, EventPayload.Result.OK),
                events.status(serial, EventPayload.UnitStatus.COMPLETED))) {
          mqtt.publish(e); // returns after the broker's PUBACK
          acknowledged.add(e.eventId());
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("publishing to " + broker.url() + " failed", e);
    }
  }

  private long stored(String line) {
    return jdbc.queryForObject("SELECT count(*) FROM event WHERE line = ?", Long.class, line);
  }

  private boolean up() {
    return http.getForEntity("/actuator/health", String.class).getStatusCode().value() == 200;
  }
}
