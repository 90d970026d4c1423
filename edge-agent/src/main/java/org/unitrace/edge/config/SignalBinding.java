package org.unitrace.edge.config;

/**
 * Where one station signal comes from: an OPC UA node on a PLC, a value inside a plain JSON MQTT
 * message, or a Sparkplug B metric. {@link #source()} names the PLC or broker entry of the line
 * configuration that carries it.
 */
public sealed interface SignalBinding {

  /** The {@code plcs} or {@code brokers} entry the signal is read through. */
  String source();

  /** A readable address for logs and errors. */
  String describe();

  /** A variable on a PLC, by any NodeId form the PLC uses. */
  record OpcUaNode(String plc, String nodeId) implements SignalBinding {
    @Override
    public String source() {
      return plc;
    }

    @Override
    public String describe() {
      return plc + " " + nodeId;
    }
  }

  /** A value in a JSON message, found by a JSON pointer ({@code /values/torque}). */
  record JsonValue(String broker, String topic, String pointer) implements SignalBinding {
    @Override
    public String source() {
      return broker;
    }

    @Override
    public String describe() {
      return broker + " " + topic + " " + pointer;
    }
  }

  /** A Sparkplug B metric of a device (or, without a device, of the edge node itself). */
  record SparkplugMetric(String broker, String group, String node, String device, String metric)
      implements SignalBinding {
    @Override
    public String source() {
      return broker;
    }

    @Override
    public String describe() {
      return broker
          + " spBv1.0/"
          + group
          + "/"
          + node
          + (device == null ? "" : "/" + device)
          + " metric "
          + metric;
    }
  }
}
