package org.unitrace.systemtests.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
    String more =
        """
              failureCode: { broker: lineBroker, topic: %1$s/cycle, pointer: /failureCode }
              state:
                broker: lineBroker
                topic: %1$s/state
                pointer: /state
                codes: { RUNNING: running, FAULT: fault }
              faultCode: { broker: lineBroker, topic: %1$s/state, pointer: /faultCode }
        """;
    String stations = EdgeLine.jsonPackStation(prefix, more);
    EdgeLine line = EdgeLine.write(dir, EdgeLine.lineBroker(), stations);
    try (EdgeAgent agent = line.startWatching("lineBroker");
        MqttTestPublisher station = new MqttTestPublisher(TestServers.mqttUrl())) {
      publish(station, prefix + "/state", "{\"state\":\"RUNNING\"}");
      publish(station, prefix + "/cycle", "{\"counter\":7,\"result\":\"OK\",\"unit\":\"X\"}");
      EdgeLine.awaitCounter(agent, "ST40", 7);
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

      CoreRecords core = new CoreRecords(jdbc);
      core.awaitResults(
          line.site,
          line.site + "-P1 OK - {\"Weight\": 1.25}",
          line.site + "-P2 NOK UNDERWEIGHT {\"Weight\": 0.8}");
      core.awaitStates(
          line.site,
          "coalesce(fault_code, '-')",
          states -> assertThat(states).containsExactly("RUNNING -", "FAULT F7"));
    }
  }

  private static void publish(MqttTestPublisher publisher, String topic, String json) {
    publisher.publish(topic, json.getBytes(StandardCharsets.UTF_8));
  }
}
