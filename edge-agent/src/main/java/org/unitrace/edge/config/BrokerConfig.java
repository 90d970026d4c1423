package org.unitrace.edge.config;

/** An MQTT broker that stations publish their signals on (plain JSON or Sparkplug B). */
public record BrokerConfig(
    String name, String url, String username, String password, String clientId) {

  @Override
  public String toString() {
    return "BrokerConfig[name=%s, url=%s, username=%s, clientId=%s]"
        .formatted(name, url, username, clientId);
  }
}
