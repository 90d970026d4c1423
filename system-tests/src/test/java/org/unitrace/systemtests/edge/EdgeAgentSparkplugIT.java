package org.unitrace.systemtests.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.TestServers;
import org.unitrace.edge.agent.EdgeAgent;
import org.unitrace.sim.mqtt.SparkplugStation;

/**
 * A station wired by Sparkplug B metrics: births teach the agent the aliases, cycles arrive as
 * station results with their process values, and a device death puts the station in UNKNOWN. An
 * agent that missed the births asks the node for a rebirth.
 */
class EdgeAgentSparkplugIT extends CoreITSupport {

  @TempDir static Path dir;

  @Test
  void aSparkplugStationsCyclesAndDeathReachTheCore() throws Exception {
    String group = TestServers.unique("G");
    String more =
        """
              failureCode: { broker: lineBroker, sparkplug: %1$s, metric: FailureCode }
              processValues:
                Pressure: { broker: lineBroker, sparkplug: %1$s, metric: Pressure }
        """;
    EdgeLine line = line(dir, group, "ST30", "assembly", more);
    try (EdgeAgent agent = line.startWatching("lineBroker");
        SparkplugStation station =
            SparkplugStation.connect(
                TestServers.mqttUrl(), group, "N1", "ST30", List.of("Pressure"))) {
      station.birth();
      EdgeLine.awaitCounter(agent, "ST30", 0);
      station.setState(1, null);
      station.completeCycle(line.site + "-M1", true, null, Map.of("Pressure", 2.5));
      station.completeCycle(line.site + "-M2", false, "LOW-PRESSURE", Map.of("Pressure", 0.9));
      station.deviceDeath();

      CoreRecords core = new CoreRecords(jdbc);
      core.awaitResults(
          line.site,
          line.site + "-M1 OK - {\"Pressure\": 2.5}",
          line.site + "-M2 NOK LOW-PRESSURE {\"Pressure\": 0.9}");
      core.awaitStates(
          line.site,
          "coalesce(reason, '')",
          states ->
              assertThat(states)
                  .containsSubsequence("IDLE ", "RUNNING ")
                  .last()
                  .asString()
                  .startsWith("UNKNOWN")
                  .contains("DDEATH"));
    }
  }

  @Test
  void anAgentThatMissedTheBirthsAsksForARebirthAndThenReadsTheCycles() throws Exception {
    String group = TestServers.unique("G");
    EdgeLine line = line(dir.resolve("rebirth"), group, "ST40", "test", "");
    try (SparkplugStation station =
        SparkplugStation.connect(TestServers.mqttUrl(), group, "N1", "ST40", List.of())) {
      station.birth(); // nobody listens yet: the births are gone
      try (EdgeAgent agent = line.startWatching("lineBroker")) {
        station.setState(1, null); // by alias only: the agent cannot read it and asks for a rebirth
        await().atMost(Duration.ofSeconds(10)).until(() -> station.rebirths() == 1);
        EdgeLine.awaitCounter(agent, "ST40", 0);
        station.completeCycle(line.site + "-T1", true, null, Map.of());

        new CoreRecords(jdbc).awaitResults(line.site, line.site + "-T1 OK - -");
        assertThat(station.rebirths()).as("one request, not one per message").isEqualTo(1);
      }
    }
  }

  /**
   * A line with one station wired by the Sparkplug B metrics of device {@code station} on node N1
   * of {@code group}: its cycle counter, result, unit and state, and {@code more} signals.
   */
  private static EdgeLine line(Path dir, String group, String station, String kind, String more)
      throws Exception {
    String device = "{ group: %s, node: N1, device: %s }".formatted(group, station);
    String stations =
        """
          - id: %2$s
            kind: %3$s
            signals:
              cycleComplete: { broker: lineBroker, sparkplug: %1$s, metric: CycleCounter }
              result: { broker: lineBroker, sparkplug: %1$s, metric: Result }
              unitId: { broker: lineBroker, sparkplug: %1$s, metric: UnitId }
              state: { broker: lineBroker, sparkplug: %1$s, metric: State }
        """
                .formatted(device, station, kind)
            + more.formatted(device);
    return EdgeLine.write(dir, EdgeLine.lineBroker(), stations);
  }
}
