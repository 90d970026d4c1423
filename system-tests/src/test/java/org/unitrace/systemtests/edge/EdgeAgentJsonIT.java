package org.unitrace.systemtests.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.MqttTestPublisher;
import org.unitrace.core.support.TestServers;
import org.unitrace.edge.agent.EdgeAgent;

/** A station that publishes plain JSON on the line's broker, read by JSON pointers. */
class EdgeAgentJsonIT extends CoreITSupport {

  @TempDir static Path dir;

  @Test
  void aJsonStationsCyclesAndStatesReachTheCore() throws Exception {
    String prefix = TestServers.unique("plant/");
    String sources =
        """
        brokers:
          lineBroker:
            url: %s
            clientId: %s
        """
            .formatted(TestServers.mqttUrl(), TestServers.unique("edge-line-"));
    String stations =
        """
          - id: ST40
            kind: pack
            unit: { source: signal }
            signals:
              cycleComplete: { broker: lineBroker, topic: %1$s/cycle, pointer: /counter }
              result: { broker: lineBroker, topic: %1$s/cycle, pointer: /result, ok: [OK], nok: [NOK] }
              failureCode: { broker: lineBroker, topic: %1$s/cycle, pointer: /failureCode }
              unitId: { broker: lineBroker, topic: %1$s/cycle, pointer: /unit }
              processValues:
                Weight: { broker: lineBroker, topic: %1$s/cycle, pointer: /values/Weight }
              state:
                broker: lineBroker
                topic: %1$s/state
                pointer: /state
                codes: { RUNNING: running, FAULT: fault }
              faultCode: { broker: lineBroker, topic: %1$s/state, pointer: /faultCode }
        """
            .formatted(prefix);
    EdgeLine line = EdgeLine.write(dir, sources, stations);
    try (EdgeAgent agent = line.start();
        MqttTestPublisher station = new MqttTestPublisher(TestServers.mqttUrl())) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> agent.sources().get("lineBroker").isConnected());
      publish(station, prefix + "/state", "{\"state\":\"RUNNING\"}");
      publish(station, prefix + "/cycle", "{\"counter\":7,\"result\":\"OK\",\"unit\":\"X\"}");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> Long.valueOf(7).equals(agent.inspect(l -> l.counter("ST40"))));
      publish(
          station,
          prefix + "/cycle",
          "{\"counter\":8,\"result\":\"OK\",\"unit\":\"%s-P1\",\"values\":{\"Weight\":1.25}}"
              .formatted(line.site));
      publish(
          station,
          prefix + "/cycle",
          "{\"counter\":9,\"result\":\"NOK\",\"failureCode\":\"UNDERWEIGHT\",\"unit\":\"%s-P2\",\"values\":{\"Weight\":0.8}}"
              .formatted(line.site));
      publish(station, prefix + "/state", "{\"state\":\"FAULT\",\"faultCode\":\"F7\"}");

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(
                          jdbc.queryForList(
                              "SELECT unit_serial || ' ' || result || ' ' || coalesce(failure_code, '-') || ' ' || process_values::text"
                                  + " FROM station_event WHERE site = ? AND type = 'StationResult' ORDER BY time",
                              String.class,
                              line.site))
                      .containsExactly(
                          line.site + "-P1 OK - {\"Weight\": 1.25}",
                          line.site + "-P2 NOK UNDERWEIGHT {\"Weight\": 0.8}"));
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(
                          jdbc.queryForList(
                              "SELECT state || ' ' || coalesce(fault_code, '-') FROM station_state WHERE site = ? ORDER BY time",
                              String.class,
                              line.site))
                      .containsExactly("RUNNING -", "FAULT F7"));
    }
  }

  private static void publish(MqttTestPublisher publisher, String topic, String json) {
    publisher.publish(topic, json.getBytes(StandardCharsets.UTF_8));
  }
}
