package org.unitrace.edge.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unitrace.edge.config.BrokerConfig;
import org.unitrace.edge.config.SignalBinding;
import org.unitrace.edge.config.SignalBinding.JsonValue;
import org.unitrace.edge.config.SignalBinding.SparkplugMetric;

/**
 * Station signals published on an MQTT broker: values in plain JSON messages (by JSON pointer) and
 * Sparkplug B metrics (by name, aliases learnt from the births). A message updates every value it
 * carries before any is delivered, so a cycle reads the result and process values that came with
 * its counter. A device death (DDEATH), a node death (NDEATH) or the loss of the broker puts the
 * stations it feeds in state UNKNOWN. The session is persistent (QoS 1), so messages published
 * while the agent restarts are delivered when it is back.
 */
public final class MqttSignalSource implements SignalSource {

  private static final Logger log = LoggerFactory.getLogger(MqttSignalSource.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BrokerConfig broker;
  private final Map<String, List<JsonValue>> jsonByTopic = new LinkedHashMap<>();
  private final List<SparkplugMetric> metrics = new ArrayList<>();
  private final Set<String> sparkplugFilters = new LinkedHashSet<>();
  private final Map<SignalBinding, Object> cache = new ConcurrentHashMap<>();
  private final Sparkplug sparkplug = new Sparkplug(this::requestRebirth);
  private final AtomicLong reconnects = new AtomicLong();
  private volatile MqttAsyncClient client;
  private volatile boolean running;
  private volatile String problem = "not connected yet";
  private SourceListener listener;
  private Thread connector;

  public MqttSignalSource(BrokerConfig broker, Collection<SignalBinding> bindings) {
    this.broker = broker;
    for (SignalBinding b : bindings) {
      if (b instanceof JsonValue j) {
        jsonByTopic.computeIfAbsent(j.topic(), t -> new ArrayList<>()).add(j);
      } else if (b instanceof SparkplugMetric m) {
        metrics.add(m);
        sparkplugFilters.add("spBv1.0/" + m.group() + "/+/" + m.node());
        sparkplugFilters.add("spBv1.0/" + m.group() + "/+/" + m.node() + "/+");
      }
    }
  }

  @Override
  public String name() {
    return broker.name();
  }

  @Override
  public void start(SourceListener listener) {
    this.listener = listener;
    running = true;
    connector = new Thread(this::connectLoop, "mqtt-" + broker.name());
    connector.setDaemon(true);
    connector.start();
  }

  private void connectLoop() {
    long backoff = 500;
    boolean first = true;
    while (running) {
      MqttAsyncClient c = client;
      if (c != null && c.isConnected()) {
        sleep(500);
        continue;
      }
      if (c != null) {
        discard(c);
        client = null;
        listener.onDown(
            b -> b.source().equals(broker.name()),
            "station broker " + broker.url() + " lost",
            Instant.now());
      }
      try {
        client = connect();
        if (!first) {
          reconnects.incrementAndGet();
        }
        first = false;
        problem = null;
        backoff = 500;
      } catch (MqttException e) {
        problem = "broker " + broker.url() + ": " + e.getMessage();
        log.warn(
            "Station broker {}: {}; retrying in {} ms", broker.name(), e.getMessage(), backoff);
        sleep(backoff);
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private MqttAsyncClient connect() throws MqttException {
    MqttAsyncClient c =
        new MqttAsyncClient(broker.url(), broker.clientId(), new MemoryPersistence());
    c.setCallback(new Callback());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(false);
    options.setSessionExpiryInterval(86_400L);
    options.setAutomaticReconnect(false);
    options.setKeepAliveInterval(30);
    if (broker.username() != null) {
      options.setUserName(broker.username());
    }
    if (broker.password() != null) {
      options.setPassword(broker.password().getBytes(StandardCharsets.UTF_8));
    }
    try {
      c.connect(options).waitForCompletion(15_000);
      List<String> filters = new ArrayList<>(jsonByTopic.keySet());
      filters.addAll(sparkplugFilters);
      if (!filters.isEmpty()) {
        MqttSubscription[] subs =
            filters.stream().map(f -> new MqttSubscription(f, 1)).toArray(MqttSubscription[]::new);
        IMqttToken token = c.subscribe(subs);
        token.waitForCompletion(15_000);
        int[] codes = token.getReasonCodes();
        for (int i = 0; codes != null && i < codes.length && i < filters.size(); i++) {
          if (codes[i] >= 0x80) {
            throw new MqttException(codes[i]);
          }
        }
      }
      log.info(
          "Station broker {}: connected to {}, {} topic filters",
          broker.name(),
          broker.url(),
          filters.size());
      return c;
    } catch (MqttException e) {
      discard(c);
      throw e;
    }
  }

  private static void discard(MqttAsyncClient c) {
    try {
      c.disconnectForcibly(0, 1_000, false);
    } catch (MqttException ignored) {
      // already gone
    }
    try {
      c.close(true);
    } catch (MqttException ignored) {
      // already closed
    }
  }

  /** NCMD "Node Control/Rebirth" = true to a Sparkplug node, QoS 0, not waited for. */
  private void requestRebirth(String group, String node) {
    MqttAsyncClient c = client;
    if (c == null || !c.isConnected()) {
      return;
    }
    try {
      Metric rebirth =
          new Metric.MetricBuilder("Node Control/Rebirth", MetricDataType.Boolean, true)
              .timestamp(new Date())
              .createMetric();
      byte[] payload =
          new SparkplugBPayloadEncoder()
              .getBytes(
                  new SparkplugBPayload.SparkplugBPayloadBuilder()
                      .setTimestamp(new Date())
                      .addMetric(rebirth)
                      .createPayload(),
                  false);
      MqttMessage message = new MqttMessage(payload);
      message.setQos(0);
      c.publish("spBv1.0/" + group + "/NCMD/" + node, message);
    } catch (Exception e) {
      log.warn(
          "Station broker {}: cannot ask Sparkplug node {}/{} for a rebirth: {}",
          broker.name(),
          group,
          node,
          e.getMessage());
    }
  }

  void arrived(String topic, byte[] payload) {
    Instant now = Instant.now();
    List<JsonValue> json = jsonByTopic.get(topic);
    if (json != null) {
      onJson(topic, payload, json, now);
    }
    if (topic.startsWith("spBv1.0/")) {
      sparkplug.onMessage(topic, payload, metrics, cache, listener, now);
    }
    listener.flush(); // the PUBACK goes out when this returns
  }

  private void onJson(String topic, byte[] payload, List<JsonValue> bindings, Instant now) {
    JsonNode doc;
    try {
      doc = JSON.readTree(payload);
    } catch (java.io.IOException e) {
      log.warn(
          "Station broker {}: message on {} is not JSON ({}); ignored",
          broker.name(),
          topic,
          e.getMessage());
      return;
    }
    Map<SignalBinding, Object> found = new LinkedHashMap<>();
    for (JsonValue b : bindings) {
      JsonNode v = doc.at(b.pointer());
      if (!v.isMissingNode()) {
        Object value = plain(v);
        found.put(b, value);
        if (value == null) {
          cache.remove(b);
        } else {
          cache.put(b, value);
        }
      }
    }
    found.forEach((b, v) -> listener.onValue(b, v, now));
  }

  private static Object plain(JsonNode v) {
    if (v.isNull()) {
      return null;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isIntegralNumber()) {
      return v.longValue();
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    return v.isValueNode() ? v.asText() : v.toString();
  }

  @Override
  public Map<SignalBinding, Object> read(Collection<SignalBinding> bindings) {
    Map<SignalBinding, Object> values = new HashMap<>();
    for (SignalBinding b : bindings) {
      Object v = cache.get(b);
      if (v != null) {
        values.put(b, v);
      }
    }
    return values;
  }

  @Override
  public boolean isConnected() {
    MqttAsyncClient c = client;
    return c != null && c.isConnected();
  }

  @Override
  public String problem() {
    return isConnected() ? null : problem;
  }

  @Override
  public long reconnects() {
    return reconnects.get();
  }

  @Override
  public void close() {
    running = false;
    if (connector != null) {
      connector.interrupt();
    }
    MqttAsyncClient c = client;
    client = null;
    if (c != null) {
      try {
        c.disconnect().waitForCompletion(5_000);
      } catch (MqttException e) {
        log.debug("Station broker {}: disconnect: {}", broker.name(), e.getMessage());
      }
      discard(c);
    }
  }

  private final class Callback implements MqttCallback {
    @Override
    public void disconnected(MqttDisconnectResponse response) {
      log.warn("Station broker {} lost: {}", broker.name(), response.getReasonString());
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      log.warn("Station broker {}: {}", broker.name(), exception.getMessage());
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      try {
        arrived(topic, message.getPayload());
      } catch (RuntimeException e) {
        log.error(
            "Station broker {}: message on {} could not be handled: {}",
            broker.name(),
            topic,
            e.getMessage(),
            e);
      }
    }

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
