package org.unitrace.edge.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.unitrace.edge.TestLines.BROKER;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unitrace.edge.TestLines;
import org.unitrace.edge.config.LineConfigLoader;

/**
 * The core unreachable for long: the outbox fills to its bound, raises its alarm before, and then
 * refuses new events loudly (counted and logged in full) instead of dropping them silently.
 */
class OutboxBoundIT {

  @TempDir Path dir;

  @Test
  void aFullOutboxAlarmsFirstAndThenRefusesNewEventsVisibly() throws Exception {
    String topic = "bound/" + UUID.randomUUID();
    String yaml =
        TestLines.unreachableCoreLineHead("BOUND", "outbox.db")
            + """
              maxEvents: 6
              alarmAt: 0.5
            brokers:
              station:
                url: %s
            stations:
              - id: ST40
                kind: pack
                signals:
                  cycleComplete: { broker: station, topic: %s, pointer: /counter }
                  unitId: { broker: station, topic: %s, pointer: /unit }
            """
                .formatted(BROKER, topic, topic);
    var config = new LineConfigLoader().parse("line.yml", yaml, dir);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    MqttClient station =
        new MqttClient(BROKER, "bound-" + UUID.randomUUID(), new MemoryPersistence());
    try (EdgeAgent agent = new EdgeAgent(config, meters)) {
      agent.start();
      station.connect();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> agent.sources().get("station").isConnected());
      for (int i = 0; i <= 10; i++) {
        String json = "{\"counter\":%d,\"unit\":\"U%d\"}".formatted(i, i);
        station.publish(topic, new MqttMessage(json.getBytes(StandardCharsets.UTF_8)));
      }
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> meters.get("unitrace.edge.events.refused").functionCounter().count() == 4);
      await().atMost(Duration.ofSeconds(5)).until(() -> agent.outboxStatus().alarm());
      assertThat(agent.outboxStatus().depth()).isEqualTo(6);
      assertThat(meters.get("unitrace.edge.outbox.depth").gauge().value()).isEqualTo(6);
      station.disconnect();
    } finally {
      station.close();
    }
  }
}
