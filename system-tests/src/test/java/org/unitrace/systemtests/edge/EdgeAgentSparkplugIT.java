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

  /** The line's own broker (the test broker here), which the stations' metrics name. */
  private static final String SOURCES =
      """
      brokers:
        lineBroker:
          url: %s
      """;

  @TempDir static Path dir;

  @Test
  void aSparkplugStationsCyclesAndDeathReachTheCore() throws Exception {
    String group = TestServers.unique("G");
    String device = "{ group: %s, node: N1, device: ST30 }".formatted(group);
    String stations =
        """
          - id: ST30
            kind: assembly
            signals:
              cycleComplete: { broker: lineBroker, sparkplug: %1$s, metric: CycleCounter }
              result: { broker: lineBroker, sparkplug: %1$s, metric: Result }
              failureCode: { broker: lineBroker, sparkplug: %1$s, metric: FailureCode }
              unitId: { broker: lineBroker, sparkplug: %1$s, metric: UnitId }
              processValues:
                Pressure: { broker: lineBroker, sparkplug: %1$s, metric: Pressure }
              state: { broker: lineBroker, sparkplug: %1$s, metric: State }
        """
            .formatted(device);
    EdgeLine line = EdgeLine.write(dir, SOURCES.formatted(TestServers.mqttUrl()), stations);
    try (EdgeAgent agent = line.start();
        SparkplugStation station =
            SparkplugStation.connect(
                TestServers.mqttUrl(), group, "N1", "ST30", List.of("Pressure"))) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> agent.sources().get("lineBroker").isConnected());
      station.birth();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> Long.valueOf(0).equals(agent.inspect(l -> l.counter("ST30"))));
      station.setState(1, null);
      station.completeCycle(line.site + "-M1", true, null, Map.of("Pressure", 2.5));
      station.completeCycle(line.site + "-M2", false, "LOW-PRESSURE", Map.of("Pressure", 0.9));
      station.deviceDeath();

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(
                          jdbc.queryForList(
                              "SELECT unit_serial || ' ' || result || ' ' || coalesce(failure_code, '-')"
                                  + " || ' ' || process_values::text FROM station_event"
                                  + " WHERE site = ? AND type = 'StationResult' ORDER BY time",
                              String.class,
                              line.site))
                      .containsExactly(
                          line.site + "-M1 OK - {\"Pressure\": 2.5}",
                          line.site + "-M2 NOK LOW-PRESSURE {\"Pressure\": 0.9}"));
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(
                          jdbc.queryForList(
                              "SELECT state || ' ' || coalesce(reason, '') FROM station_state WHERE site = ? ORDER BY time",
                              String.class,
                              line.site))
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
    String device = "{ group: %s, node: N1, device: ST40 }".formatted(group);
    String stations =
        """
          - id: ST40
            kind: test
            signals:
              cycleComplete: { broker: lineBroker, sparkplug: %1$s, metric: CycleCounter }
              result: { broker: lineBroker, sparkplug: %1$s, metric: Result }
              unitId: { broker: lineBroker, sparkplug: %1$s, metric: UnitId }
              state: { broker: lineBroker, sparkplug: %1$s, metric: State }
        """
            .formatted(device);
    Path own = java.nio.file.Files.createDirectories(dir.resolve("rebirth"));
    EdgeLine line = EdgeLine.write(own, SOURCES.formatted(TestServers.mqttUrl()), stations);
    try (SparkplugStation station =
        SparkplugStation.connect(TestServers.mqttUrl(), group, "N1", "ST40", List.of())) {
      station.birth(); // nobody listens yet: the births are gone
      try (EdgeAgent agent = line.start()) {
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> agent.sources().get("lineBroker").isConnected());
        station.setState(1, null); // by alias only: the agent cannot read it and asks for a rebirth
        await().atMost(Duration.ofSeconds(10)).until(() -> station.rebirths() == 1);
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> Long.valueOf(0).equals(agent.inspect(l -> l.counter("ST40"))));
        station.completeCycle(line.site + "-T1", true, null, Map.of());

        await()
            .atMost(Duration.ofSeconds(20))
            .untilAsserted(
                () ->
                    assertThat(
                            jdbc.queryForList(
                                "SELECT unit_serial || ' ' || result FROM station_event"
                                    + " WHERE site = ? AND type = 'StationResult'",
                                String.class,
                                line.site))
                        .containsExactly(line.site + "-T1 OK"));
        assertThat(station.rebirths()).as("one request, not one per message").isEqualTo(1);
      }
    }
  }
}
