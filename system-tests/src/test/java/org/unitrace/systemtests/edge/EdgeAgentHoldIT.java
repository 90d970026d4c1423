package org.unitrace.systemtests.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.unitrace.contract.EventCodec;
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
      String n = "ns=" + plc.namespaceIndex() + ";s=L1.ST10.";
      String stations =
          """
            - id: ST10
              kind: assembly
              signals:
                cycleComplete: { plc: plc1, node: "%1$sCycleCounter" }
                result: { plc: plc1, node: "%1$sResult" }
                unitId: { plc: plc1, node: "%1$sUnitId" }
                processValues:
                  Torque: { plc: plc1, node: "%1$sTorque" }
                agentResult: { plc: plc1, node: "%1$sAgentResult" }
          """
              .formatted(n);
      EdgeLine line =
          EdgeLine.write(dir.resolve("agent"), EdgeLine.plc1(plc, null, null), stations);
      String serial = line.site + "-H1";
      TestEvents events = new TestEvents(line.site, "L1", "upstream-" + line.site);
      HttpHeaders json = new HttpHeaders();
      json.setContentType(MediaType.APPLICATION_JSON);
      String body =
          "[" + new EventCodec().encodeToString(events.serialized(serial, "CTRL", "RUN-1")) + "]";
      assertThat(
              http.postForEntity("/api/events", new HttpEntity<>(body, json), String.class)
                  .getStatusCode())
          .isEqualTo(HttpStatus.OK);
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

        plc.station("ST10").completeCycle(serial, true, null, Map.of("Torque", 5.0));
        await().atMost(Duration.ofSeconds(10)).until(() -> plc.station("ST10").agentResult() == 2);
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
        plc.station("ST10").completeCycle(serial, true, null, Map.of("Torque", 5.5));
        await().atMost(Duration.ofSeconds(10)).until(() -> plc.station("ST10").agentResult() == 1);
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
