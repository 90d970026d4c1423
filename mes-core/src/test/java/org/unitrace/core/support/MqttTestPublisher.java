package org.unitrace.core.support;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventCodec;
import org.unitrace.contract.EventPayload;
import org.unitrace.contract.Topics;

/** A plain Paho v5 client publishing as an edge agent would: QoS 1, on the event's topic. */
public final class MqttTestPublisher implements AutoCloseable {

  private final MqttClient client;
  private final EventCodec codec = new EventCodec();

  public MqttTestPublisher(String url) {
    try {
      client = new MqttClient(url, TestServers.unique("test-pub-"), new MemoryPersistence());
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setCleanStart(true);
      client.connect(options);
    } catch (MqttException e) {
      throw new IllegalStateException("cannot connect a test publisher to " + url, e);
    }
  }

  /** Publishes and returns once the broker acknowledged (PUBACK). */
  public void publish(Event event) {
    publish(Topics.topicOf(event), codec.encode(event));
  }

  public void publish(String topic, byte[] payload) {
    try {
      MqttMessage message = new MqttMessage(payload);
      message.setQos(1);
      client.publish(topic, message);
    } catch (MqttException e) {
      throw new IllegalStateException("publish to " + topic + " failed", e);
    }
  }

  /**
   * Publishes what the agent of {@code line} at AKL sends for {@code units} units, each serialized,
   * bound to a cell lot, tested OK and completed; every event acknowledged by the broker (PUBACK)
   * before its id goes into {@code acknowledged}.
   */
  public static void publishCompletedUnits(String line, int units, Set<UUID> acknowledged) {
    TestEvents events = new TestEvents("AKL", line, "edge-" + line);
    try (MqttTestPublisher mqtt = new MqttTestPublisher(TestServers.mqttUrl())) {
      for (int i = 0; i < units; i++) {
        String serial = line + "-" + i;
        for (Event e :
            List.of(
                events.serialized(serial, "CTRL-900", "RUN-" + line),
                events.boundLot(serial, "CELL-1", "LOT-" + line, "SUP-1"),
                events.result(serial, EventPayload.Result.OK),
                events.status(serial, EventPayload.UnitStatus.COMPLETED))) {
          mqtt.publish(e);
          acknowledged.add(e.eventId());
        }
      }
    } catch (MqttException e) {
      throw new IllegalStateException("the agent of " + line + " could not publish", e);
    }
  }

  @Override
  public void close() throws MqttException {
    client.disconnect();
    client.close();
  }
}
