package org.unitrace.systemtests.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.unitrace.core.support.CoreITSupport.edgeToken;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.unitrace.core.MesCoreApplication;
import org.unitrace.core.support.MqttTestPublisher;
import org.unitrace.core.support.TestServers;
import org.unitrace.edge.agent.EdgeAgent;
import org.unitrace.sim.broker.PrivateBroker;

/**
 * The core's broker stopped for a while during production and started again: the agent keeps every
 * event in its outbox meanwhile, and each arrives once, with no seq missing.
 */
@SpringBootTest(
    classes = MesCoreApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EdgeAgentBrokerOutageIT {

  private static final int CYCLES = 300;
  private static final int TAIL = 10;
  private static final Path DIR = Path.of("target/it-data", TestServers.unique("outage-"));
  private static PrivateBroker coreBroker;

  private static final String ADMIN_PASSWORD = TestServers.unique("admin-");

  @Autowired JdbcTemplate jdbc;
  @Autowired TestRestTemplate anonymous;
  @LocalServerPort int port;

  /** A core of its own on a broker of its own, which the test stops and starts. */
  @DynamicPropertySource
  static void servers(DynamicPropertyRegistry registry) throws Exception {
    Files.createDirectories(DIR.resolve("broker"));
    coreBroker = new PrivateBroker(DIR.resolve("broker"));
    coreBroker.start();
    TestServers.useNewDatabase(registry);
    TestServers.useBroker(registry, "it-", coreBroker::url);
    registry.add("unitrace.data-dir", () -> DIR.resolve("core").toString());
    registry.add("unitrace.security.admin-password", () -> ADMIN_PASSWORD);
  }

  @AfterAll
  static void stopBroker() throws Exception {
    coreBroker.close();
  }

  @Test
  void everyEventArrivesOnceAfterTheBrokerComesBack() throws Exception {
    String prefix = TestServers.unique("outage/");
    EdgeLine line = line(DIR.resolve("agent"), prefix).coreBroker(coreBroker.url());

    try (EdgeAgent agent = line.start();
        MqttTestPublisher station = new MqttTestPublisher(TestServers.mqttUrl())) {
      await().atMost(Duration.ofSeconds(20)).until(agent::brokerConnected);
      publish(station, prefix, line.site, 0);
      for (int i = 1; i <= CYCLES; i++) {
        publish(station, prefix, line.site, i);
        if (i == CYCLES / 3) {
          coreBroker.stop();
        }
        if (i == 2 * CYCLES / 3) {
          await()
              .atMost(Duration.ofSeconds(20))
              .until(() -> agent.outboxStatus().depth() >= CYCLES / 4);
          coreBroker.start();
        }
      }
      await().atMost(Duration.ofSeconds(90)).until(() -> stored(line.site) >= CYCLES);
      await().atMost(Duration.ofSeconds(10)).until(() -> agent.outboxStatus().depth() == 0);
    }

    assertThat(stored(line.site)).isEqualTo(CYCLES);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(DISTINCT unit_serial) FROM station_event WHERE site = ? AND type = 'StationResult'",
                Integer.class,
                line.site))
        .isEqualTo(CYCLES);
    // Each seq once and none missing. Arrival order is not asserted: after a broker restart MQTT
    // may redeliver in-flight messages out of order, and the core accepts that (docs/ingestion.md).
    List<Long> seqs =
        jdbc.queryForList(
            "SELECT seq FROM event WHERE agent_id = ? ORDER BY seq", Long.class, line.agentId);
    assertThat(seqs).hasSize(CYCLES).doesNotHaveDuplicates();
    assertThat(seqs.get(CYCLES - 1) - seqs.get(0)).as("a gap in the seqs").isEqualTo(CYCLES - 1);
  }

  @Test
  void aLargeBacklogDrainsOverHttpAndTheTailOverMqtt() throws Exception {
    String prefix = TestServers.unique("drain/");
    coreBroker.stop(); // the core's broker is down from the start: events pile up at the edge
    try {
      EdgeLine line = line(DIR.resolve("drain"), prefix).coreBroker(coreBroker.url());
      String token = edgeToken(anonymous, ADMIN_PASSWORD, line.site, "L1");
      line.coreHttp(port, token, 50, 40);

      try (EdgeAgent agent = line.start();
          MqttTestPublisher station = new MqttTestPublisher(TestServers.mqttUrl())) {
        EdgeLine.awaitConnected(agent, "lineBroker", Duration.ofSeconds(20));
        publish(station, prefix, line.site, 0);
        for (int i = 1; i <= CYCLES; i++) {
          publish(station, prefix, line.site, i);
        }
        // (a request the core leaves unanswered is sent again after the drainer's 30 s timeout)
        await().atMost(Duration.ofSeconds(90)).until(() -> stored(line.site) >= CYCLES - 20);
        assertThat(agent.brokerConnected()).isFalse();
        coreBroker.start();
        // the backlog went over HTTP; what the line makes now, with the broker back, goes by MQTT
        for (int i = CYCLES + 1; i <= CYCLES + TAIL; i++) {
          publish(station, prefix, line.site, i);
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> stored(line.site) >= CYCLES + TAIL);
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.outboxStatus().depth() == 0);
      }
      assertThat(stored(line.site)).isEqualTo(CYCLES + TAIL);
      Map<String, Object> sourcesUsed =
          jdbc.queryForMap(
              "SELECT count(*) FILTER (WHERE source = 'http') AS http,"
                  + " count(*) FILTER (WHERE source <> 'http') AS mqtt, count(*) AS total"
                  + " FROM event WHERE agent_id = ?",
              line.agentId);
      assertThat(((Number) sourcesUsed.get("http")).intValue()).isGreaterThanOrEqualTo(CYCLES - 50);
      assertThat(((Number) sourcesUsed.get("mqtt")).intValue()).isGreaterThanOrEqualTo(TAIL);
      assertThat(((Number) sourcesUsed.get("total")).intValue()).isEqualTo(CYCLES + TAIL);
    } finally {
      coreBroker.start();
    }
  }

  /** A packing station that reports each cycle as JSON on the line's broker. */
  private static EdgeLine line(Path dir, String prefix) throws Exception {
    String stations =
        """
          - id: ST40
            kind: pack
            signals:
              cycleComplete: { broker: lineBroker, topic: %1$s, pointer: /counter }
              unitId: { broker: lineBroker, topic: %1$s, pointer: /unit }
        """
            .formatted(prefix);
    return EdgeLine.write(dir, EdgeLine.lineBroker(), stations);
  }

  private int stored(String site) {
    return new CoreRecords(jdbc).resultCount(site);
  }

  private static void publish(MqttTestPublisher station, String topic, String site, int i) {
    station.publish(
        topic,
        "{\"counter\":%d,\"unit\":\"%s-P%d\"}"
            .formatted(i, site, i)
            .getBytes(StandardCharsets.UTF_8));
  }
}
