package org.unitrace.edge.signal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unitrace.edge.config.SignalBinding;
import org.unitrace.edge.config.SignalBinding.SparkplugMetric;

/**
 * Sparkplug B host-side state for one broker: metric aliases per node and device (from NBIRTH and
 * DBIRTH), the node's current {@code bdSeq} (so a late NDEATH of an old session is ignored), and
 * the mapping of births, data and deaths to signal values and UNKNOWN states. Data that names a
 * metric by an alias no birth explained (the agent started after the node's birth, or missed it)
 * makes the host ask that node for a rebirth, at most once per {@link #REBIRTH_EVERY}.
 */
final class Sparkplug {

  private static final Logger log = LoggerFactory.getLogger(Sparkplug.class);

  static final Duration REBIRTH_EVERY = Duration.ofSeconds(5);

  /** Asks a node ({@code group}, {@code node}) for a rebirth: an NCMD "Node Control/Rebirth". */
  interface Rebirth {
    void request(String group, String node);
  }

  private final Rebirth rebirth;
  private final Map<String, Instant> rebirthAsked = new HashMap<>();

  Sparkplug(Rebirth rebirth) {
    this.rebirth = rebirth;
  }

  /** Alias to metric name, per {@code group/node[/device]}. */
  private final Map<String, Map<Long, String>> aliases = new HashMap<>();

  private final Map<String, Long> bdSeq = new HashMap<>();

  void onMessage(
      String topic,
      byte[] payload,
      List<SparkplugMetric> bindings,
      Map<SignalBinding, Object> cache,
      SourceListener listener,
      Instant now) {
    String[] parts = topic.split("/");
    if (parts.length < 4) {
      return;
    }
    String group = parts[1];
    String type = parts[2];
    String node = parts[3];
    String device = parts.length > 4 ? parts[4] : null;
    String key = group + "/" + node + (device == null ? "" : "/" + device);
    SparkplugBPayload decoded;
    try {
      decoded = new SparkplugBPayloadDecoder().buildFromByteArray(payload, null);
    } catch (Exception e) {
      log.warn("Sparkplug message on {} cannot be decoded ({}); ignored", topic, e.getMessage());
      return;
    }
    switch (type) {
      case "NBIRTH", "DBIRTH" -> {
        Map<Long, String> map = new HashMap<>();
        for (Metric m : decoded.getMetrics()) {
          if (m.hasName() && m.hasAlias()) {
            map.put(m.getAlias(), m.getName());
          }
          if ("bdSeq".equals(m.getName()) && m.getValue() instanceof Number n) {
            bdSeq.put(group + "/" + node, n.longValue());
          }
        }
        aliases.put(key, map);
        data(decoded, key, group, node, device, bindings, cache, listener, now);
      }
      case "NDATA", "DDATA" ->
          data(decoded, key, group, node, device, bindings, cache, listener, now);
      case "DDEATH" ->
          listener.onDown(
              b -> matches(b, group, node, device),
              "Sparkplug device " + key + " died (DDEATH)",
              now);
      case "NDEATH" -> {
        Long current = bdSeq.get(group + "/" + node);
        Long dying = null;
        for (Metric m : decoded.getMetrics()) {
          if ("bdSeq".equals(m.getName()) && m.getValue() instanceof Number n) {
            dying = n.longValue();
          }
        }
        if (current != null && dying != null && !current.equals(dying)) {
          log.info("Sparkplug NDEATH of {} for old session bdSeq {} ignored", key, dying);
          return;
        }
        listener.onDown(
            b -> b instanceof SparkplugMetric m && m.group().equals(group) && m.node().equals(node),
            "Sparkplug node " + group + "/" + node + " died (NDEATH)",
            now);
      }
      default -> {
        // NCMD, DCMD, STATE: not station signals
      }
    }
  }

  private static boolean matches(SignalBinding b, String group, String node, String device) {
    return b instanceof SparkplugMetric m
        && m.group().equals(group)
        && m.node().equals(node)
        && Objects.equals(m.device(), device);
  }

  private void data(
      SparkplugBPayload payload,
      String key,
      String group,
      String node,
      String device,
      List<SparkplugMetric> bindings,
      Map<SignalBinding, Object> cache,
      SourceListener listener,
      Instant now) {
    Map<Long, String> names = aliases.getOrDefault(key, Map.of());
    Map<SignalBinding, Object> found = new LinkedHashMap<>();
    Map<SignalBinding, Instant> times = new HashMap<>();
    for (Metric m : payload.getMetrics()) {
      String name = m.hasName() ? m.getName() : m.hasAlias() ? names.get(m.getAlias()) : null;
      if (name == null) {
        askForRebirth(group, node, key, m.getAlias(), now);
        continue;
      }
      for (SparkplugMetric b : bindings) {
        if (b.metric().equals(name) && matches(b, group, node, device)) {
          Object value = Boolean.TRUE.equals(m.isNull()) ? null : plain(m.getValue());
          found.put(b, value);
          times.put(b, m.getTimestamp() == null ? now : m.getTimestamp().toInstant());
          if (value == null) {
            cache.remove(b);
          } else {
            cache.put(b, value);
          }
        }
      }
    }
    found.forEach((b, v) -> listener.onValue(b, v, times.get(b)));
  }

  private void askForRebirth(String group, String node, String key, Long alias, Instant now) {
    String nodeKey = group + "/" + node;
    Instant asked = rebirthAsked.get(nodeKey);
    if (asked != null && asked.plus(REBIRTH_EVERY).isAfter(now)) {
      return;
    }
    rebirthAsked.put(nodeKey, now);
    log.warn(
        "Sparkplug {}: metric with unknown alias {} (no birth seen); ignored, and node {} asked"
            + " for a rebirth (NCMD Node Control/Rebirth)",
        key,
        alias,
        nodeKey);
    rebirth.request(group, node);
  }

  private static Object plain(Object v) {
    if (v instanceof java.math.BigInteger i) {
      return i.longValue();
    }
    return v;
  }
}
