package org.unitrace.core.ingest;

/**
 * Raw bytes as they arrived, and where from: {@code source} is {@code mqtt} or {@code http}; {@code
 * topic} is the MQTT topic (null over HTTP).
 */
public record Incoming(byte[] raw, String source, String topic) {

  public static Incoming mqtt(String topic, byte[] raw) {
    return new Incoming(raw, "mqtt", topic);
  }

  public static Incoming http(byte[] raw) {
    return new Incoming(raw, "http", null);
  }
}
