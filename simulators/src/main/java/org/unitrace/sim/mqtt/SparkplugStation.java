package org.unitrace.sim.mqtt;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.unitrace.line.DaemonThreads;

/**
 * A station behind a Sparkplug B edge node: NBIRTH (with {@code bdSeq} and an NDEATH will), DBIRTH
 * with every metric and its alias, DDATA with the changed metrics by alias only (as
 * bandwidth-minded nodes send them), DDEATH, and NDEATH on close. Metrics: PartPresent,
 * CycleCounter (Int64), Result (Int16: 1 OK, 2 NOK), FailureCode, UnitId, State (Int16), FaultCode
 * and one Double per process value. A host's NCMD {@code Node Control/Rebirth} makes the node send
 * its births again, with every metric's current value.
 */
public final class SparkplugStation implements AutoCloseable {

  private static final String NAMESPACE = "spBv1.0";

  private final MqttClient client;
  private final String group;
  private final String node;
  private final String device;
  private final Map<String, Long> aliases = new LinkedHashMap<>();
  private final Map<String, Object> values = new LinkedHashMap<>();
  private final long bdSeq;
  private final ExecutorService commands =
      Executors.newSingleThreadExecutor(DaemonThreads.named("sparkplug-ncmd"));
  private final AtomicInteger rebirths = new AtomicInteger();
  private long seq;
  private long counter;

  private SparkplugStation(
      MqttClient client, String group, String node, String device, long bdSeq, List<String> pv) {
    this.client = client;
    this.group = group;
    this.node = node;
    this.device = device;
    this.bdSeq = bdSeq;
    values.put("PartPresent", false);
    values.put("CycleCounter", 0L);
    values.put("Result", (short) 0);
    values.put("FailureCode", "");
    values.put("UnitId", "");
    values.put("State", (short) 2);
    values.put("FaultCode", "");
    pv.forEach(name -> values.put(name, 0.0));
    long alias = 1;
    for (String name : values.keySet()) {
      aliases.put(name, alias++);
    }
  }

  /** Connects with an NDEATH will; call {@link #birth()} next. */
  public static SparkplugStation connect(
      String brokerUrl, String group, String node, String device, List<String> processValues)
      throws Exception {
    long bdSeq = System.currentTimeMillis() % 256;
    MqttClient client =
        new MqttClient(brokerUrl, "sparkplug-" + group + "-" + node, new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    options.setWill(
        NAMESPACE + "/" + group + "/NDEATH/" + node,
        new MqttMessage(encode(List.of(metric("bdSeq", MetricDataType.Int64, bdSeq, null)), null)));
    client.connect(options);
    SparkplugStation station =
        new SparkplugStation(client, group, node, device, bdSeq, processValues);
    // (the String/int/listener overload of Paho 1.2.5's MqttClient recurses into itself)
    client.subscribe(
        new MqttSubscription[] {new MqttSubscription(NAMESPACE + "/" + group + "/NCMD/" + node, 0)},
        new IMqttMessageListener[] {station::command});
    return station;
  }

  /** An NCMD: a rebirth request is answered off Paho's callback thread, which must not block. */
  private void command(String topic, MqttMessage message) {
    try {
      SparkplugBPayload payload =
          new SparkplugBPayloadDecoder().buildFromByteArray(message.getPayload(), null);
      boolean rebirth =
          payload.getMetrics().stream()
              .anyMatch(
                  m ->
                      "Node Control/Rebirth".equals(m.getName())
                          && Boolean.TRUE.equals(m.getValue()));
      if (rebirth) {
        commands.execute(
            () -> {
              try {
                birth();
                rebirths.incrementAndGet();
              } catch (Exception e) {
                System.err.println(
                    "Sparkplug node " + node + ": rebirth failed: " + e.getMessage());
              }
            });
      }
    } catch (Exception e) {
      System.err.println("Sparkplug node " + node + ": NCMD on " + topic + " not understood: " + e);
    }
  }

  /** How many rebirths hosts asked for and got. */
  public int rebirths() {
    return rebirths.get();
  }

  /** NBIRTH and DBIRTH, with every metric's current value. */
  public synchronized void birth() throws Exception {
    seq = 0;
    publish(
        "NBIRTH/" + node,
        List.of(
            metric("bdSeq", MetricDataType.Int64, bdSeq, null),
            metric("Node Control/Rebirth", MetricDataType.Boolean, false, null)));
    List<Metric> metrics = new ArrayList<>();
    values.forEach(
        (name, value) -> metrics.add(metric(name, type(value), value, aliases.get(name))));
    publish("DBIRTH/" + node + "/" + device, metrics);
  }

  public synchronized long cycleCount() {
    return counter;
  }

  /** One DDATA: the cycle's unit, values, result and the incremented counter together. */
  public synchronized void completeCycle(
      String unitId, boolean ok, String failureCode, Map<String, Double> processValues)
      throws Exception {
    Map<String, Object> changed = new LinkedHashMap<>();
    changed.put("UnitId", unitId == null ? "" : unitId);
    changed.putAll(processValues);
    changed.put("Result", (short) (ok ? 1 : 2));
    changed.put("FailureCode", failureCode == null ? "" : failureCode);
    changed.put("CycleCounter", ++counter);
    data(changed);
  }

  /** 1 RUNNING, 2 IDLE, 3 BLOCKED, 4 STARVED, 5 FAULT. */
  public synchronized void setState(int code, String faultCode) throws Exception {
    Map<String, Object> changed = new LinkedHashMap<>();
    changed.put("FaultCode", faultCode == null ? "" : faultCode);
    changed.put("State", (short) code);
    data(changed);
  }

  private void data(Map<String, Object> changed) throws Exception {
    List<Metric> metrics = new ArrayList<>();
    changed.forEach(
        (name, value) -> {
          Long alias = aliases.get(name);
          if (alias == null) {
            throw new IllegalArgumentException("device " + device + " has no metric " + name);
          }
          values.put(name, value);
          metrics.add(aliasOnly(alias, type(value), value));
        });
    publish("DDATA/" + node + "/" + device, metrics);
  }

  /** The device goes offline (DDEATH); the node stays. */
  public synchronized void deviceDeath() throws Exception {
    publish("DDEATH/" + node + "/" + device, List.of());
  }

  /** An orderly end: NDEATH, then disconnect. */
  @Override
  public synchronized void close() throws Exception {
    commands.shutdownNow();
    if (client.isConnected()) {
      publish("NDEATH/" + node, List.of(metric("bdSeq", MetricDataType.Int64, bdSeq, null)));
      client.disconnect();
    }
    client.close();
  }

  private void publish(String suffix, List<Metric> metrics) throws Exception {
    MqttMessage message =
        new MqttMessage(encode(metrics, suffix.startsWith("NDEATH") ? null : seq));
    message.setQos(suffix.startsWith("NBIRTH") || suffix.startsWith("NDEATH") ? 0 : 1);
    client.publish(NAMESPACE + "/" + group + "/" + suffix, message);
    seq = (seq + 1) % 256;
  }

  private static byte[] encode(List<Metric> metrics, Long seq) throws MqttException {
    try {
      SparkplugBPayload payload =
          new SparkplugBPayload.SparkplugBPayloadBuilder()
              .setTimestamp(new Date())
              .setSeq(seq)
              .addMetrics(metrics)
              .createPayload();
      return new SparkplugBPayloadEncoder().getBytes(payload, false);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("Sparkplug payload cannot be encoded: " + e.getMessage(), e);
    }
  }

  private static Metric metric(String name, MetricDataType type, Object value, Long alias) {
    try {
      Metric.MetricBuilder b = new Metric.MetricBuilder(name, type, value).timestamp(new Date());
      if (alias != null) {
        b.alias(alias);
      }
      return b.createMetric();
    } catch (Exception e) {
      throw new IllegalArgumentException("metric " + name + ": " + e.getMessage(), e);
    }
  }

  private static Metric aliasOnly(long alias, MetricDataType type, Object value) {
    try {
      return new Metric.MetricBuilder(alias, type, value).timestamp(new Date()).createMetric();
    } catch (Exception e) {
      throw new IllegalArgumentException("metric alias " + alias + ": " + e.getMessage(), e);
    }
  }

  private static final Map<Class<?>, MetricDataType> METRIC_TYPES =
      Map.of(
          Boolean.class, MetricDataType.Boolean,
          Long.class, MetricDataType.Int64,
          Short.class, MetricDataType.Int16,
          Double.class, MetricDataType.Double);

  private static MetricDataType type(Object value) {
    return value == null
        ? MetricDataType.String
        : METRIC_TYPES.getOrDefault(value.getClass(), MetricDataType.String);
  }
}
