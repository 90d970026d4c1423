package org.unitrace.systemtests.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.edge.agent.EdgeAgent;
import org.unitrace.sim.plc.PlcSimulator;
import org.unitrace.sim.plc.StationSim;
import org.unitrace.sim.plc.StationSpec;

/**
 * The edge agent against the Milo PLC simulator, the real broker and a running core: cycles on
 * three stations arrive as station results on the right units, with their process values, and a PLC
 * restart costs no cycle completed after the reconnect.
 */
class EdgeAgentOpcUaIT extends CoreITSupport {

  @TempDir static Path dir;
  @AutoClose static PlcSimulator plc;

  @BeforeAll
  static void startPlc() throws Exception {
    plc =
        EdgeLine.startPlc(
            dir.resolve("plc-pki"),
            StationSpec.of("ST10", List.of("Torque")),
            StationSpec.of("ST20", List.of("LeakRate")),
            StationSpec.of("ST30", List.of()));
  }

  private EdgeLine line(String name) throws Exception {
    PlcStation st10 =
        PlcStation.of(plc, "ST10", "assembly")
            .unitFromSignal()
            .signals("cycleComplete", "result", "failureCode", "unitId", "state", "faultCode")
            .values("Torque");
    PlcStation st20 =
        PlcStation.of(plc, "ST20", "test")
            .byNamespaceUri()
            .unitFrom("ST10")
            .signals("cycleComplete", "result", "failureCode")
            .values("LeakRate");
    PlcStation st30 =
        PlcStation.of(plc, "ST30", "pack")
            .byNamespaceUri()
            .unitFrom("ST20")
            .signals("cycleComplete", "result");
    return EdgeLine.write(dir.resolve(name), EdgeLine.plc1(plc, "20ms", "50ms"), st10, st20, st30);
  }

  /** Completes a cycle and waits until the agent has taken it, as a real cycle time would. */
  private static void cycle(
      EdgeAgent agent, String station, String unit, boolean ok, Map<String, Double> values) {
    StationSim st = plc.station(station);
    st.completeCycle(unit, ok, ok ? null : "E-LEAK", values);
    EdgeLine.awaitCounter(agent, station, st.cycleCount());
  }

  private List<Map<String, Object>> results(String site) {
    return jdbc.queryForList(
        """
        SELECT station, unit_serial, result, failure_code, process_values::text AS pv
        FROM station_event WHERE site = ? AND type = 'StationResult' ORDER BY time, station
        """,
        site);
  }

  @Test
  void cyclesOnThreeStationsArriveOnTheRightUnitsWithTheirValues() throws Exception {
    EdgeLine line = line("three-stations");
    try (EdgeAgent agent = line.startWatching("plc1", "ST30")) {

      for (int i = 1; i <= 3; i++) {
        cycle(agent, "ST10", line.site + "-U" + i, true, Map.of("Torque", 10.0 + i));
      }
      cycle(agent, "ST20", "", true, Map.of("LeakRate", 0.25));
      cycle(agent, "ST20", "", false, Map.of("LeakRate", 9.5));
      cycle(agent, "ST30", "", true, Map.of());

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(results(line.site)).hasSize(6));
    }
    List<Map<String, Object>> rows = results(line.site);
    assertThat(rows)
        .extracting(r -> r.get("station") + " " + r.get("unit_serial") + " " + r.get("result"))
        .containsExactlyInAnyOrder(
            "ST10 " + line.site + "-U1 OK",
            "ST10 " + line.site + "-U2 OK",
            "ST10 " + line.site + "-U3 OK",
            "ST20 " + line.site + "-U1 OK",
            "ST20 " + line.site + "-U2 NOK",
            "ST30 " + line.site + "-U1 OK");
    assertThat(rows)
        .filteredOn(
            r -> r.get("station").equals("ST10") && r.get("unit_serial").toString().endsWith("-U2"))
        .first()
        .satisfies(r -> assertThat(r.get("pv").toString()).contains("\"Torque\": 12.0"));
    assertThat(rows)
        .filteredOn(r -> r.get("station").equals("ST20") && r.get("result").equals("NOK"))
        .first()
        .satisfies(
            r -> {
              assertThat(r.get("failure_code")).isEqualTo("E-LEAK");
              assertThat(r.get("pv").toString()).contains("9.5");
            });
    Map<String, Object> agentRow =
        jdbc.queryForMap("SELECT last_seq FROM agent WHERE agent_id = ?", line.agentId);
    assertThat(((Number) agentRow.get("last_seq")).longValue()).isGreaterThanOrEqualTo(5);
  }

  @Test
  void aPlcRestartLosesNoCycleCompletedAfterTheReconnectAndReportsTheGap() throws Exception {
    EdgeLine line = line("plc-restart");
    try (EdgeAgent agent = line.startWatching("plc1", "ST10")) {
      cycle(agent, "ST10", line.site + "-A", true, Map.of("Torque", 1.0));

      plc.stopServer();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !agent.sources().get("plc1").isConnected());
      // Two cycles the agent cannot see while the PLC's server is down.
      plc.station("ST10").completeCycle(line.site + "-LOST1", true, null, Map.of("Torque", 2.0));
      plc.station("ST10").completeCycle(line.site + "-B", true, null, Map.of("Torque", 3.0));
      plc.startServer();

      EdgeLine.awaitConnected(agent, "plc1", Duration.ofSeconds(60));
      EdgeLine.awaitCounter(agent, "ST10", plc.station("ST10").cycleCount());
      cycle(agent, "ST10", line.site + "-C", true, Map.of("Torque", 4.0));

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(results(line.site))
                      .extracting(r -> r.get("unit_serial"))
                      .containsExactly(line.site + "-A", line.site + "-B", line.site + "-C"));
    }
    List<String> reasons =
        jdbc.queryForList(
            "SELECT coalesce(reason, '') || ' ' || state FROM station_state WHERE site = ? AND station = 'ST10' ORDER BY time",
            String.class,
            line.site);
    assertThat(reasons).anySatisfy(r -> assertThat(r).contains("UNKNOWN").contains("lost"));
    assertThat(reasons).noneSatisfy(r -> assertThat(r).contains("cycle(s)"));
    List<Map<String, Object>> gaps =
        jdbc.queryForList(
            "SELECT payload->>'count' AS count, payload->>'reason' AS reason FROM event"
                + " WHERE site = ? AND station = 'ST10' AND type = 'CyclesNotCaptured'",
            line.site);
    assertThat(gaps).hasSize(1);
    assertThat(gaps.get(0).get("count")).isEqualTo("1");
    assertThat((String) gaps.get(0).get("reason")).contains("1 cycle(s)").contains("not captured");
  }
}
