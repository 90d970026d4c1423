package org.unitrace.edge.config;

import java.time.Duration;

/**
 * How events reach mes-core: MQTT 5 at QoS 1 always; optionally, for a large backlog after an
 * outage, the core's {@code POST /api/events} batch endpoint with the agent's API token.
 *
 * @param httpUrl null to drain over MQTT only
 * @param httpDrainThreshold the backlog (events) above which the HTTP endpoint drains it
 */
public record CoreLink(
    String mqttUrl,
    String mqttUsername,
    String mqttPassword,
    String mqttClientId,
    int maxInFlight,
    Duration sessionExpiry,
    String httpUrl,
    String httpToken,
    int httpDrainThreshold,
    int httpBatchSize) {

  @Override
  public String toString() {
    return "CoreLink[mqttUrl=%s, mqttUsername=%s, mqttClientId=%s, httpUrl=%s]"
        .formatted(mqttUrl, mqttUsername, mqttClientId, httpUrl);
  }
}
