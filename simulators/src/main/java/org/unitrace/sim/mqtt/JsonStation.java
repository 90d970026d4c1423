package org.unitrace.sim.mqtt;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * A station that reports plain JSON over MQTT, the way many simple station controllers and Node-RED
 * flows do: {@code <prefix>/cycle} per finished cycle and {@code <prefix>/state} per state change
 * (prefix e.g. {@code plant/L1/ST10}).
 */
public final class JsonStation implements AutoCloseable {

  private static final String[] STATES = {"", "RUNNING", "IDLE", "BLOCKED", "STARVED", "FAULT"};
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MqttClient client;
  private final String topicPrefix;
  private long counter;
  private String state = "IDLE";

  private JsonStation(MqttClient client, String topicPrefix) {
    this.client = client;
    this.topicPrefix = topicPrefix;
  }

  public static JsonStation connect(String brokerUrl, String topicPrefix) {
    try {
      var client =
          new MqttClient(brokerUrl, "sim-json-" + UUID.randomUUID(), new MemoryPersistence());
      var options = new MqttConnectionOptions();
      options.setCleanStart(true);
      client.connect(options);
      return new JsonStation(client, topicPrefix);
    } catch (MqttException e) {
      throw new IllegalStateException(
          "JSON station " + topicPrefix + " cannot connect to " + brokerUrl, e);
    }
  }

  /** Publishes {@code {"counter","result","failureCode","unit","values","state","ts"}}. */
  public synchronized void completeCycle(
      String unitId, boolean ok, String failureCode, Map<String, Double> values) {
    counter++;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("counter", counter);
    body.put("result", ok ? "OK" : "NOK");
    body.put("failureCode", failureCode);
    body.put("unit", unitId);
    body.put("values", values);
    body.put("state", state);
    body.put("ts", Instant.now().toString());
    publish("cycle", body);
  }

  /** State codes: 1 RUNNING, 2 IDLE, 3 BLOCKED, 4 STARVED, 5 FAULT. */
  public synchronized void setState(int stateCode, String faultCode) {
    if (stateCode < 1 || stateCode >= STATES.length) {
      throw new IllegalArgumentException(
          "state code " + stateCode + " for " + topicPrefix + " is not 1..5");
    }
    state = STATES[stateCode];
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("state", state);
    body.put("faultCode", faultCode);
    body.put("ts", Instant.now().toString());
    publish("state", body);
  }

  @Override
  public synchronized void close() {
    try {
      client.disconnect();
      client.close();
    } catch (MqttException e) {
      throw new IllegalStateException("JSON station " + topicPrefix + " cannot disconnect", e);
    }
  }

  private void publish(String kind, Map<String, Object> body) {
    String topic = topicPrefix + "/" + kind;
    try {
      var message = new MqttMessage(JSON.writeValueAsBytes(body));
      message.setQos(1);
      client.publish(topic, message);
    } catch (Exception e) {
      throw new IllegalStateException("cannot publish " + body + " to " + topic, e);
    }
  }
}
