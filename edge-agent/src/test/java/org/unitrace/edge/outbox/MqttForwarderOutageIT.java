package org.unitrace.edge.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unitrace.contract.EventCodec;
import org.unitrace.contract.EventPayload.UnitSerialized;
import org.unitrace.sim.broker.PrivateBroker;

/** Takes the broker away in mid-stream: the forwarder must carry on where it stopped. */
class MqttForwarderOutageIT {

  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @TempDir Path dir;

  private final EventCodec codec = new EventCodec();
  private final List<Long> received = new CopyOnWriteArrayList<>();

  @Test
  void eventsInFlightAndAppendedDuringABrokerOutageAllArriveAfterItReturns() throws Exception {
    assumeTrue(PrivateBroker.installed(), "mosquitto is not installed");
    try (PrivateBroker broker = new PrivateBroker(dir);
        Outbox outbox = Outbox.create(OutboxSettings.of(dir.resolve("outbox.db"), "edge-out"))) {
      broker.start();
      MqttClient subscriber = subscribe(broker.url());
      appendUnits(outbox, 2000);
      try (MqttForwarder forwarder =
          new MqttForwarder(outbox, ForwarderSettings.of(broker.url(), "edge-out"))) {
        forwarder.start();
        await().atMost(PATIENCE).until(() -> received.size() >= 300);

        broker.stop();
        appendUnits(outbox, 200);
        broker.start();

        await().atMost(PATIENCE).until(() -> outbox.pendingCount() == 0);
        await().atMost(PATIENCE).until(() -> received.stream().distinct().count() == 2200);
      } finally {
        subscriber.disconnectForcibly(1_000);
        subscriber.close();
      }
    }
    assertThat(received.stream().distinct().toList())
        .containsExactlyElementsOf(LongStream.range(0, 2200).boxed().toList());
  }

  private MqttClient subscribe(String url) throws Exception {
    MqttClient subscriber = new MqttClient(url, "sub-outage", new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(false);
    options.setSessionExpiryInterval(3600L);
    options.setAutomaticReconnect(true);
    options.setAutomaticReconnectDelay(1, 2);
    subscriber.connect(options);
    IMqttMessageListener collect =
        (topic, message) -> received.add(codec.decode(message.getPayload()).seq());
    subscriber.subscribe(
        new MqttSubscription[] {new MqttSubscription("unitrace/v1/OUT/#", 1)},
        new IMqttMessageListener[] {collect});
    return subscriber;
  }

  private static void appendUnits(Outbox outbox, int count) {
    for (int i = 0; i < count; i++) {
      outbox.append(
          "OUT",
          "L1",
          "MARK",
          null,
          new UnitSerialized("SN-" + i, "CTRL-900", "C", "WO-1"),
          Instant.now());
    }
  }
}
