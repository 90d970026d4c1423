package org.unitrace.systemtests.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.TestEvents;
import org.unitrace.edge.agent.EdgeAgent;
import org.unitrace.sim.plc.PlcSimulator;
import org.unitrace.sim.plc.StationSpec;

/**
 * Quality holds a unit: the core tells the line's agent (a retained command, so an agent that
 * connects later learns it too), the agent answers the PLC NOK when the unit shows up, records the
 * cycle NOK with the reason, and takes the unit back once it is released.
 */
class EdgeAgentHoldIT extends CoreITSupport {

  @TempDir static Path dir;

  @Test
  void aHeldUnitIsRefusedAtTheStationUntilReleased() throws Exception {
    try (PlcSimulator plc =
        EdgeLine.startPlc(dir.resolve("plc"), StationSpec.of("ST10", List.of("Torque")))) {
      PlcStation st10 =
          PlcStation.of(plc, "ST10", "assembly")
              .signals("cycleComplete", "result", "unitId", "agentResult")
              .values("Torque");
      EdgeLine line = EdgeLine.write(dir.resolve("agent"), EdgeLine.plc1(plc, null, null), st10);
      String serial = line.site + "-H1";
      TestEvents events = new TestEvents(line.site, "L1", "upstream-" + line.site);
      postStored(List.of(events.serialized(serial, "CTRL", "RUN-1")));
      assertThat(
              http.postForEntity(
                      "/api/units/" + serial + "/hold",
                      Map.of("reason", "suspect housing lot"),
                      String.class)
                  .getStatusCode())
          .isEqualTo(HttpStatus.CREATED);

      // The agent starts after the hold: the retained command reaches it anyway.
      try (EdgeAgent agent = line.start()) {
        await().atMost(Duration.ofSeconds(20)).until(() -> agent.holds().containsKey(serial));
        EdgeLine.awaitWatching(agent, "ST10");

        cycleAnswered(plc, serial, 5.0, 2);
        await()
            .atMost(Duration.ofSeconds(20))
            .untilAsserted(
                () ->
                    assertThat(results(line.site))
                        .containsExactly(
                            "NOK UNIT_HELD {\"Torque\": 5.0, \"holdReason\": \"hold #"
                                + holdId(serial)
                                + ": suspect housing lot\"}"));

        http.postForEntity(
            "/api/units/" + serial + "/release", Map.of("reason", "lot cleared"), String.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> agent.holds().isEmpty());
        cycleAnswered(plc, serial, 5.5, 1);
        await()
            .atMost(Duration.ofSeconds(20))
            .untilAsserted(
                () ->
                    assertThat(results(line.site))
                        .hasSize(2)
                        .last()
                        .isEqualTo("OK - {\"Torque\": 5.5}"));
      }
    }
  }

  /** A good cycle of {@code serial} at ST10, answered by the agent with {@code agentResult}. */
  private static void cycleAnswered(
      PlcSimulator plc, String serial, double torque, int agentResult) {
    plc.station("ST10").completeCycle(serial, true, null, Map.of("Torque", torque));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> plc.station("ST10").agentResult() == agentResult);
  }

  private long holdId(String serial) {
    return jdbc.queryForObject(
        "SELECT max(id) FROM unit_hold WHERE unit_serial = ?", Long.class, serial);
  }

  private List<String> results(String site) {
    return jdbc.queryForList(
        "SELECT result || ' ' || coalesce(failure_code, '-') || ' ' || process_values::text"
            + " FROM station_event WHERE site = ? AND type = 'StationResult' AND station = 'ST10'"
            + " ORDER BY time",
        String.class,
        site);
  }
}
