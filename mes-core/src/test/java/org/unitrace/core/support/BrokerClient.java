package org.unitrace.core.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.unitrace.line.mqtt.ArrivalCallback;

/**
 * A plain Paho v5 client that keeps what the broker answers: the reason code of each PUBACK and
 * SUBACK, and every message it receives. QoS 1 throughout, as the agents and the core use.
 */
public final class BrokerClient implements ArrivalCallback, AutoCloseable {

  private static final long TIMEOUT_MS = 10_000;

  /** A message as received. */
  public record Received(String topic, String payload) {}

  private final MqttAsyncClient client;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private boolean sessionPresent;

  private BrokerClient(MqttAsyncClient client) {
    this.client = client;
  }

  /** Connects with a new session; throws what the broker's CONNACK said when it refuses. */
  public static BrokerClient connect(String url, String user, String password)
      throws MqttException {
    return connect(url, "test-" + UUID.randomUUID(), user, password, true);
  }

  /** Connects; with {@code cleanStart} false, resumes (or opens) a session kept for 5 minutes. */
  public static BrokerClient connect(
      String url, String clientId, String user, String password, boolean cleanStart)
      throws MqttException {
    MqttAsyncClient paho = new MqttAsyncClient(url, clientId, new MemoryPersistence());
    BrokerClient client = new BrokerClient(paho);
    paho.setCallback(client);
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(cleanStart);
    options.setSessionExpiryInterval(cleanStart ? 0L : 300L);
    if (user != null) {
      options.setUserName(user);
    }
    if (password != null) {
      options.setPassword(password.getBytes(StandardCharsets.UTF_8));
    }
    try {
      IMqttToken token = paho.connect(options);
      token.waitForCompletion(TIMEOUT_MS);
      client.sessionPresent = token.getSessionPresent();
    } catch (MqttException e) {
      paho.close(true);
      throw e;
    }
    return client;
  }

  public boolean sessionPresent() {
    return sessionPresent;
  }

  /** Publishes at QoS 1; the reason code of the broker's PUBACK. */
  public int publish(String topic, byte[] payload) throws MqttException {
    MqttMessage message = new MqttMessage(payload);
    message.setQos(1);
    IMqttToken token = client.publish(topic, message);
    token.waitForCompletion(TIMEOUT_MS);
    return token.getReasonCodes()[0];
  }

  public int publish(String topic, String payload) throws MqttException {
    return publish(topic, payload.getBytes(StandardCharsets.UTF_8));
  }

  /** Subscribes at QoS 1; the reason code of the broker's SUBACK (1: granted at QoS 1). */
  public int subscribe(String filter) throws MqttException {
    IMqttToken token = client.subscribe(new MqttSubscription(filter, 1));
    token.waitForCompletion(TIMEOUT_MS);
    return token.getReasonCodes()[0];
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public List<String> receivedTopics() {
    return received.stream().map(Received::topic).toList();
  }

  @Override
  public void messageArrived(String topic, MqttMessage message) {
    received.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8)));
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect().waitForCompletion(TIMEOUT_MS);
    }
    client.close(true);
  }
}
