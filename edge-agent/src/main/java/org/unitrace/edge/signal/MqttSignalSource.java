package org.unitrace.edge.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.unitrace.line.mqtt.MqttEndpoint;
import org.unitrace.line.mqtt.MqttSession;

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
  private volatile MqttSession session;
  private SourceListener listener;

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
    MqttEndpoint endpoint =
        MqttEndpoint.of(broker.url(), broker.clientId())
            .withCredentials(
                broker.username(),
                broker.password() == null ? null : broker.password().toCharArray())
            .withReceiveMaximum(65_535);
    MqttSession s = new MqttSession(endpoint, "station broker " + broker.name(), new Handler());
    jsonByTopic.keySet().forEach(f -> s.subscribe(f, 1));
    sparkplugFilters.forEach(f -> s.subscribe(f, 1));
    session = s;
    s.start();
  }

  /** NCMD "Node Control/Rebirth" = true to a Sparkplug node, QoS 0, not waited for. */
  private void requestRebirth(String group, String node) {
    MqttSession s = session;
    if (s == null || !s.isConnected()) {
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
      s.publish("spBv1.0/" + group + "/NCMD/" + node, payload, 0, false, null);
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
    MqttSession s = session;
    return s != null && s.isConnected();
  }

  @Override
  public String problem() {
    MqttSession s = session;
    return s == null ? "not started" : s.problem();
  }

  @Override
  public long reconnects() {
    return reconnects.get();
  }

  @Override
  public void close() {
    MqttSession s = session;
    session = null;
    if (s != null) {
      s.stop(true);
    }
  }

  private final class Handler implements MqttSession.Handler {
    @Override
    public void connected(boolean reconnect) {
      if (reconnect) {
        reconnects.incrementAndGet();
      }
    }

    @Override
    public void lost(String reason) {
      listener.onDown(
          b -> b.source().equals(broker.name()),
          "station broker " + broker.url() + " lost",
          Instant.now());
    }

    /**
     * Throws when what the message brought could not be stored: the session then drops the
     * connection without acknowledging it, and the broker delivers it again on the next one.
     */
    @Override
    public void message(MqttSession.Message message) {
      try {
        arrived(message.topic(), message.payload());
      } catch (RuntimeException e) {
        log.error(
            "Station broker {}: message on {} not acknowledged ({}); the broker delivers it again"
                + " on the next connection",
            broker.name(),
            message.topic(),
            e.getMessage());
        throw e;
      }
    }
  }
}
