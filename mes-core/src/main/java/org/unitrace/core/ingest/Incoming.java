package org.unitrace.core.ingest;

/**
 * Raw bytes as they arrived, and where from: {@code source} is {@code mqtt} or {@code http}; {@code
 * topic} is the MQTT topic (null over HTTP). Over HTTP, a line-scoped caller (an edge agent's
 * token) gives the only site and line it may send for, and its identity.
 */
public record Incoming(
    byte[] raw, String source, String topic, String scopeSite, String scopeLine, String identity) {

  public static Incoming mqtt(String topic, byte[] raw) {
    return new Incoming(raw, "mqtt", topic, null, null, null);
  }

  public static Incoming http(byte[] raw) {
    return new Incoming(raw, "http", null, null, null, null);
  }

  /** Over HTTP from a caller that may send for one line only. */
  public static Incoming http(byte[] raw, String site, String line, String identity) {
    return new Incoming(raw, "http", null, site, line, identity);
  }
}
