package org.unitrace.edge.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.unitrace.edge.TestLines.BROKER;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unitrace.edge.TestLines;
import org.unitrace.edge.config.LineConfig;
import org.unitrace.edge.config.LineConfigLoader;
import org.unitrace.line.mqtt.ArrivalCallback;

/**
 * A station message is acknowledged to its broker only once the cycle it completes is in the
 * outbox. One JSON message carries the counter and the cycle's data, so it makes several steps: the
 * counter's step commits a result, the others change nothing. With the outbox's commit slow, the
 * message must stay unacknowledged: another client taking the agent's session over is given it
 * again, and once the commit lands the cycle is stored once. The slow disk is stood for by holding
 * the write back ({@link EdgeAgent#disk}).
 */
class AckAfterCommitIT {

  @TempDir Path dir;

  private final String topic = "ack/" + UUID.randomUUID();
  private final String clientId = "ack-" + UUID.randomUUID();
  private Path outboxFile;
  private LineConfig config;
  private MqttClient station;

  @BeforeEach
  void line() throws Exception {
    String yaml =
        TestLines.unreachableCoreLineHead("ACK", "outbox.db")
            + """
            brokers:
              station:
                url: %s
                clientId: %s
            stations:
              - id: ST40
                kind: pack
                unit: { source: signal }
                signals:
                  cycleComplete: { broker: station, topic: %s, pointer: /counter }
                  result: { broker: station, topic: %s, pointer: /result, ok: [OK], nok: [NOK] }
                  unitId: { broker: station, topic: %s, pointer: /unit }
            """
                .formatted(BROKER, clientId, topic, topic, topic);
    config = new LineConfigLoader().parse("line.yml", yaml, dir);
    outboxFile = dir.resolve("outbox.db");
    station = new MqttClient(BROKER, "ack-station-" + UUID.randomUUID(), new MemoryPersistence());
    station.connect();
  }

  @AfterEach
  void closeStation() throws Exception {
    if (station.isConnected()) {
      station.disconnect();
    }
    station.close();
  }

  /** A started agent whose station broker is connected, and whose counter starts at 0. */
  private EdgeAgent startedAgent() {
    EdgeAgent agent = new EdgeAgent(config, new SimpleMeterRegistry());
    agent.start();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> agent.sources().get("station").isConnected());
    publish(0);
    await().atMost(Duration.ofSeconds(10)).until(() -> counter(agent) != null);
    return agent;
  }

  @Test
  void aMessageIsNotAcknowledgedBeforeItsCycleIsInTheOutbox() throws Exception {
    try (EdgeAgent agent = startedAgent()) {
      BlockingQueue<String> redelivered = new LinkedBlockingQueue<>();
      MqttClient taker = new MqttClient(BROKER, clientId, new MemoryPersistence());
      CompletableFuture<Void> disk = new CompletableFuture<>();
      try {
        agent.disk(disk); // a slow disk: the cycle's commit has not landed yet
        publish(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> Long.valueOf(1).equals(counter(agent)));
        // the cycle's step waits for its commit; the message's other steps are done
        TimeUnit.MILLISECONDS.sleep(500);

        taker.setManualAcks(true);
        taker.setCallback(
            (ArrivalCallback)
                (t, m) -> redelivered.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(300L);
        taker.connect(options); // takes the agent's session, with what it has not acknowledged
        String message = redelivered.poll(10, TimeUnit.SECONDS);
        assertThat(message)
            .as("the message of cycle 1, given again to the session's next client")
            .isNotNull()
            .contains("\"counter\":1");
      } finally {
        agent.disk(CompletableFuture.completedFuture(null));
        disk.complete(null);
        if (taker.isConnected()) {
          taker.disconnect(); // unacknowledged: the message goes back to the agent
        }
        taker.close();
      }
      // cycle 2 comes after the agent has been given cycle 1 again: by then a copy would be stored
      publish(2);
      await().atMost(Duration.ofSeconds(20)).until(() -> Long.valueOf(2).equals(counter(agent)));
      await().atMost(Duration.ofSeconds(10)).until(() -> results(outboxFile) >= 2);
      assertThat(results(outboxFile))
          .as("the results of cycles 1 and 2, each stored once")
          .isEqualTo(2);
    }
  }

  /**
   * The disk refuses the cycle's write: the message is not acknowledged, and the station memory the
   * failed step changed is forgotten, so the message, delivered again once the disk takes writes
   * again, is stored as the cycle it is rather than taken for one already seen.
   */
  @Test
  void aMessageWhoseCycleCouldNotBeStoredIsStoredWhenDeliveredAgain() throws Exception {
    try (EdgeAgent agent = startedAgent()) {
      agent.disk(CompletableFuture.failedFuture(new IllegalStateException("disk full (a test)")));
      publish(1);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> agent.sources().get("station").reconnects() > 0);
      assertThat(results(outboxFile)).isZero();
      agent.disk(CompletableFuture.completedFuture(null));
      await().atMost(Duration.ofSeconds(30)).until(() -> results(outboxFile) == 1);
      publish(2);
      await().atMost(Duration.ofSeconds(20)).until(() -> results(outboxFile) >= 2);
      assertThat(results(outboxFile)).as("the results of cycles 1 and 2").isEqualTo(2);
      assertThat(counter(agent)).isEqualTo(2);
    }
  }

  private static Long counter(EdgeAgent agent) {
    return agent.inspect(l -> l.counter("ST40"));
  }

  /** The station results in the outbox. */
  private static int results(Path outbox) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + outbox);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM outbox_event"
                    + " WHERE CAST(body AS TEXT) LIKE '%\"type\":\"StationResult\"%'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private void publish(int counter) {
    String json = "{\"counter\":%d,\"result\":\"OK\",\"unit\":\"U%d\"}".formatted(counter, counter);
    MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    try {
      station.publish(topic, m);
    } catch (MqttException e) {
      throw new IllegalStateException("the station could not publish cycle " + counter, e);
    }
  }
}
