package org.unitrace.core.ingest;

import lombok.RequiredArgsConstructor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;
import org.unitrace.core.system.CoreProperties;

/** The broker session in {@code /actuator/health}: DOWN while events cannot come in over MQTT. */
@Component("mqttHealthIndicator")
@RequiredArgsConstructor
class MqttIngestionHealth implements HealthIndicator {

  private final MqttIngestion ingestion;
  private final CoreProperties properties;

  @Override
  public Health health() {
    if (!properties.mqtt().enabled()) {
      return Health.up().withDetail("mqtt", "disabled").build();
    }
    return (ingestion.connected() ? Health.up() : Health.down())
        .withDetail("broker", properties.mqtt().effectiveUrl())
        .withDetail("clientId", properties.mqtt().clientId())
        .withDetail("sessions", ingestion.sessionStates())
        .build();
  }
}
