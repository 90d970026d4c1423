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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unitrace.contract.EventCodec;
import org.unitrace.contract.EventPayload.UnitSerialized;
import org.unitrace.line.mqtt.MqttEndpoint;
import org.unitrace.line.mqtt.MqttSession;
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
      MqttSession subscriber = subscribe(broker.url());
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
        subscriber.stop(false);
      }
    }
    assertThat(received.stream().distinct().toList())
        .containsExactlyElementsOf(LongStream.range(0, 2200).boxed().toList());
  }

  /**
   * The core's side: a persistent session that the broker keeps across its restart. It is the
   * project's own session layer, which reconnects with a fresh client: Paho 1.2.5's automatic
   * reconnect can hang for good after a broker restart (its connect thread waits forever in
   * CommsSender.start for a sender thread that has already stopped), and the test would then wait
   * for events nobody fetches.
   */
  private MqttSession subscribe(String url) {
    MqttSession subscriber =
        new MqttSession(
                MqttEndpoint.of(url, "sub-outage").withSessionExpiry(Duration.ofHours(1)),
                "test subscriber",
                new MqttSession.Handler() {
                  @Override
                  public void message(MqttSession.Message message) {
                    received.add(codec.decode(message.payload()).seq());
                  }
                })
            .subscribe("unitrace/v1/OUT/#", 1);
    assertThat(subscriber.connectNow()).as(subscriber.problem()).isTrue();
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
