package org.unitrace.sim.mqtt;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;

/** A real Paho v5 subscriber on the test Mosquitto that keeps what it received. */
final class Received implements AutoCloseable {

  record Message(String topic, byte[] payload) {}

  static String brokerUrl() {
    String url = System.getenv("UNITRACE_MQTT_URL");
    return url == null ? "tcp://127.0.0.1:1884" : url;
  }

  final List<Message> messages = new CopyOnWriteArrayList<>();
  private final MqttClient client;

  Received(String filter) throws Exception {
    client = new MqttClient(brokerUrl(), "it-" + UUID.randomUUID(), new MemoryPersistence());
    var options = new MqttConnectionOptions();
    options.setCleanStart(true);
    client.connect(options);
    // subscribe(String, int, listener) recurses forever in Paho v5 1.2.5; the array form works
    client.subscribe(
        new org.eclipse.paho.mqttv5.common.MqttSubscription[] {
          new org.eclipse.paho.mqttv5.common.MqttSubscription(filter, 1)
        },
        new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {
          (topic, m) -> messages.add(new Message(topic, m.getPayload()))
        });
  }

  List<Message> on(String topic) {
    return messages.stream().filter(m -> m.topic().equals(topic)).toList();
  }

  @Override
  public void close() throws Exception {
    client.disconnect();
    client.close();
  }
}
