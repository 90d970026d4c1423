package org.unitrace.edge.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.unitrace.edge.TestLines.BROKER;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventCodec;
import org.unitrace.contract.EventPayload.UnitSerialized;

/** Against the Mosquitto that {@code .ci/run} starts (deploy/mosquitto/test.conf). */
class MqttForwarderIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir Path dir;

  private final String site = "IT" + UUID.randomUUID().toString().substring(0, 8);
  private final EventCodec codec = new EventCodec();
  private final List<Long> received = new CopyOnWriteArrayList<>();
  private MqttClient subscriber;

  @BeforeEach
  void subscribe() throws MqttException {
    subscriber = new MqttClient(BROKER, "sub-" + site, new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    subscriber.connect(options);
    // Paho 1.2.5's subscribe(String, int, IMqttMessageListener) recurses forever; use the array
    // form
    IMqttMessageListener collect =
        (topic, message) -> received.add(codec.decode(message.getPayload()).seq());
    subscriber.subscribe(
        new MqttSubscription[] {new MqttSubscription("unitrace/v1/" + site + "/#", 1)},
        new IMqttMessageListener[] {collect});
  }

  @AfterEach
  void unsubscribe() throws MqttException {
    subscriber.disconnect();
    subscriber.close();
  }

  private OutboxSettings outboxSettings() {
    return OutboxSettings.of(dir.resolve("outbox.db"), "edge-" + site);
  }

  private ForwarderSettings forwarderSettings() {
    return ForwarderSettings.of(BROKER, "edge-" + site).withMaxInFlight(50);
  }

  private void appendUnits(Outbox outbox, int count) {
    for (int i = 0; i < count; i++) {
      outbox.append(
          site,
          "L1",
          "MARK",
          null,
          new UnitSerialized("SN-" + i, "CTRL-900", "C", "WO-1"),
          Instant.now());
    }
  }

  private static List<Long> seqs(long fromInclusive, long toExclusive) {
    return LongStream.range(fromInclusive, toExclusive).boxed().toList();
  }

  @Test
  void everyEventArrivesInSeqOrderAndWhatIsAppendedWhileStoppedFollowsAfterARestart() {
    Outbox outbox = Outbox.create(outboxSettings());
    appendUnits(outbox, 500);

    MqttForwarder forwarder = new MqttForwarder(outbox, forwarderSettings());
    forwarder.start();
    await().atMost(PATIENCE).until(() -> received.size() >= 500);
    await().atMost(PATIENCE).until(() -> outbox.pendingCount() == 0);
    assertThat(received).containsExactlyElementsOf(seqs(0, 500));

    forwarder.stop();
    appendUnits(outbox, 200);
    outbox.close(); // as after a crash: only the file survives

    Outbox reopened = Outbox.open(outboxSettings());
    assertThat(reopened.pendingCount()).isEqualTo(200);
    try (MqttForwarder restarted = new MqttForwarder(reopened, forwarderSettings())) {
      restarted.start();
      await().atMost(PATIENCE).until(() -> received.size() >= 700);
      await().atMost(PATIENCE).until(() -> reopened.pendingCount() == 0);
    } finally {
      reopened.close();
    }
    assertThat(received).containsExactlyElementsOf(seqs(0, 700));
  }

  @Test
  void eventsStayPendingWhileTheBrokerIsUnreachable() {
    try (Outbox outbox = Outbox.create(outboxSettings());
        MqttForwarder forwarder =
            new MqttForwarder(outbox, ForwarderSettings.of("tcp://127.0.0.1:1", "edge-" + site))) {
      appendUnits(outbox, 5);
      forwarder.start();

      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(5))
          .until(() -> !forwarder.isConnected() && outbox.pendingCount() == 5);
      assertThat(outbox.pending(10)).extracting(Event::seq).containsExactlyElementsOf(seqs(0, 5));
    }
  }
}
