package org.unitrace.core.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.unitrace.core.support.MqttTestPublisher;
import org.unitrace.core.support.TestEvents;
import org.unitrace.core.support.TestServers;

/**
 * With no database and no broker configured, mes-core brings its own: an embedded PostgreSQL and an
 * embedded MQTT 5 broker. An agent publishing to that broker is stored and looked up.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EmbeddedDefaultsIT {

  private static final int BROKER_PORT = TestServers.freePort();

  private static final String ADMIN_PASSWORD = TestServers.unique("pw-");

  @Autowired TestRestTemplate anonymous;

  @DynamicPropertySource
  static void embedded(DynamicPropertyRegistry registry) {
    registry.add("unitrace.db.url", () -> "");
    registry.add("unitrace.mqtt.url", () -> "");
    registry.add("unitrace.mqtt.embedded-port", () -> BROKER_PORT);
    registry.add("unitrace.data-dir", () -> "target/it-data/" + TestServers.unique("embedded-"));
    registry.add("unitrace.security.admin-password", () -> ADMIN_PASSWORD);
  }

  @Test
  void embeddedPostgresAndBrokerCarryAnEventFromAgentToLookup() throws Exception {
    TestRestTemplate http = anonymous.withBasicAuth("admin", ADMIN_PASSWORD);
    TestEvents events = new TestEvents("AKL", "L1", "edge-L1");
    try (var publisher = new MqttTestPublisher("tcp://127.0.0.1:" + BROKER_PORT)) {
      publisher.publish(events.serialized("EMB-0001", "CTRL-900", "RUN-EMB"));
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                http.getForEntity("/api/units/EMB-0001", JsonNode.class)
                    .getStatusCode()
                    .is2xxSuccessful());
    JsonNode unit = http.getForObject("/api/units/EMB-0001", JsonNode.class);
    assertThat(unit.path("runId").asText()).isEqualTo("RUN-EMB");
    assertThat(http.getForObject("/actuator/health", JsonNode.class).path("status").asText())
        .isEqualTo("UP");
  }
}
