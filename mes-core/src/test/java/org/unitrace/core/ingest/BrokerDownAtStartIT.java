package org.unitrace.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.unitrace.core.support.MqttTestPublisher;
import org.unitrace.core.support.TestEvents;
import org.unitrace.core.support.TestServers;
import org.unitrace.sim.ListenPorts;

/**
 * A broker that is down when mes-core starts does not stop it: the core comes up (health says the
 * MQTT session is DOWN), keeps trying, and takes events once the broker is there.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BrokerDownAtStartIT {

  private static final int PORT = ListenPorts.free();
  private static Process broker;

  @Autowired TestRestTemplate http;
  @Autowired JdbcTemplate jdbc;

  @DynamicPropertySource
  static void brokerNotThereYet(DynamicPropertyRegistry registry) {
    TestServers.useNewDatabase(registry);
    TestServers.useBroker(registry, "late-", () -> "tcp://127.0.0.1:" + PORT);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.destroy();
    }
  }

  @Test
  void theCoreStartsWithoutItsBrokerAndConnectsWhenItComes() throws Exception {
    assertThat(http.getForEntity("/actuator/health", JsonNode.class).getStatusCode().value())
        .isEqualTo(503);
    assumeTrue(new File("/usr/sbin/mosquitto").canExecute(), "mosquitto is not installed");
    broker =
        new ProcessBuilder("/usr/sbin/mosquitto", "-p", String.valueOf(PORT))
            .redirectErrorStream(true)
            .redirectOutput(new File("target/late-broker.log"))
            .start();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                http.getForEntity("/actuator/health", JsonNode.class).getStatusCode().value()
                    == 200);
    TestEvents events = new TestEvents("AKL", TestServers.unique("L"), "edge-late");
    try (var publisher = new MqttTestPublisher("tcp://127.0.0.1:" + PORT)) {
      publisher.publish(events.serialized("LATE-1", "CTRL-900", "RUN-LATE"));
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                jdbc.queryForObject(
                        "SELECT count(*) FROM unit WHERE serial = 'LATE-1'", Integer.class)
                    == 1);
  }
}
