package org.unitrace.systemtests.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
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
 * A station on the Milo PLC simulator that cycles several times per publishing interval, in counter
 * mode: the counter moves by more than one between notifications, and the data read after a
 * notification can belong to a newer cycle. Every result the core records carries its own cycle's
 * unit, result and values; the cycles the agent could not attribute come as gap records whose
 * counts, with the results, account for every cycle; no unit gets two results.
 */
class FastCycleIT extends CoreITSupport {

  private static final int CYCLES = 400;

  @TempDir static Path dir;
  @AutoClose static PlcSimulator plc;

  @BeforeAll
  static void startPlc() throws Exception {
    plc =
        EdgeLine.startPlc(
            dir.resolve("plc-pki"),
            StationSpec.of("ST10", List.of("Torque")),
            StationSpec.of("ST20", List.of("Torque")));
  }

  /** An assembly station whose unit, result, failure code and torque are read from the PLC. */
  private static EdgeLine line(Path dir, String id, String cycleComplete) throws Exception {
    PlcStation station =
        PlcStation.of(plc, id, "assembly")
            .unitFromSignal()
            .signal("cycleComplete", cycleComplete)
            .signals("result", "failureCode", "unitId")
            .values("Torque");
    return EdgeLine.write(dir, EdgeLine.plc1(plc, "50ms", "100ms"), station);
  }

  @Test
  void inHandshakeModeEveryCycleIsRecordedAndCyclesTheAgentWasAwayForAreAGap() throws Exception {
    String node = "ns=" + plc.namespaceIndex() + ";s=L1.ST20.";
    EdgeLine line =
        line(
            dir.resolve("handshake"),
            "ST20",
            "{ plc: plc1, node: \"%1$sCycleCounter\", mode: handshake, acknowledge: { plc: plc1, node: \"%1$sCycleAck\" } }"
                .formatted(node));
    StationSim st = plc.station("ST20");
    int i = 0;
    try (EdgeAgent agent = line.startWatching("plc1", "ST20")) {
      // as fast as the handshake lets the PLC go
      while (i < 150) {
        i++;
        assertThat(cycleAfterAck(st, line, i, Duration.ofSeconds(10))).isTrue();
      }
      awaitAcknowledged(st);
    }
    // the agent is away: this PLC waits 300 ms for an acknowledgement, then goes on without one
    for (int away = 0; away < 3; away++) {
      i++;
      assertThat(cycleAfterAck(st, line, i, Duration.ofMillis(300))).isEqualTo(away == 0);
    }
    try (EdgeAgent agent = line.startWatching("plc1")) {
      awaitAcknowledged(st);
      for (int more = 0; more < 20; more++) {
        i++;
        assertThat(cycleAfterAck(st, line, i, Duration.ofSeconds(10))).isTrue();
      }
      awaitAcknowledged(st);
      int cycles = i;
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> results(line).size() + notCaptured(line) == cycles);
    }

    List<Map<String, Object>> results = checkedResults(line);
    assertThat(notCaptured(line))
        .as("the two cycles overwritten while the agent was away")
        .isEqualTo(2);
    assertThat(results).hasSize(i - 2);
  }

  private static boolean cycleAfterAck(StationSim st, EdgeLine line, int i, Duration timeout)
      throws InterruptedException {
    boolean ok = i % 7 != 0;
    return st.completeCycleAfterAck(
        unit(line, i), ok, ok ? null : "E-" + i, Map.of("Torque", (double) i), timeout);
  }

  private static void awaitAcknowledged(StationSim st) {
    await().atMost(Duration.ofSeconds(20)).until(() -> st.acknowledged() == st.cycleCount());
  }

  @Test
  void everyRecordedResultCarriesItsOwnCyclesUnitAndValuesAndTheRestAreGaps() throws Exception {
    EdgeLine line =
        line(
            dir.resolve("fast"),
            "ST10",
            "{ plc: plc1, node: \"ns=%d;s=L1.ST10.CycleCounter\" }"
                .formatted(plc.namespaceIndex()));
    StationSim st = plc.station("ST10");
    long start;
    try (EdgeAgent agent = line.startWatching("plc1", "ST10")) {
      start = st.cycleCount();
      for (int i = 1; i <= CYCLES; i++) {
        // unit i has the torque i and fails when i is a multiple of 7: each value says its cycle
        boolean ok = i % 7 != 0;
        st.completeCycle(unit(line, i), ok, ok ? null : "E-" + i, Map.of("Torque", (double) i));
        LockSupport.parkNanos(Duration.ofMillis(i % 3 == 0 ? 40 : 12).toNanos());
      }
      EdgeLine.awaitCounter(agent, "ST10", st.cycleCount());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> results(line).size() + notCaptured(line) == CYCLES);
    }

    List<Map<String, Object>> results = checkedResults(line);
    assertThat(results.size()).as("cycles recorded on their units").isGreaterThan(CYCLES / 10);
    assertThat(notCaptured(line)).as("cycles the agent could not attribute").isPositive();
    assertThat(results.size() + notCaptured(line)).isEqualTo(CYCLES);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM station_state WHERE site = ? AND reason LIKE '%cycle(s)%'",
                Long.class, line.site))
        .as("gaps are not station states")
        .isZero();
    System.out.printf(
        "fast cycles: %d of %d recorded on their units, %d in %d gap records (from counter %d)%n",
        results.size(),
        CYCLES,
        notCaptured(line),
        jdbc.queryForObject(
            "SELECT count(*) FROM event WHERE site = ? AND type = 'CyclesNotCaptured'",
            Long.class,
            line.site),
        start);
  }

  /** Every result on its own cycle's unit, with that cycle's result and values; none twice. */
  private List<Map<String, Object>> checkedResults(EdgeLine line) {
    List<Map<String, Object>> results = results(line);
    Set<String> units = new HashSet<>();
    for (Map<String, Object> r : results) {
      String unit = (String) r.get("unit_serial");
      assertThat(units.add(unit)).as("one result for " + unit).isTrue();
      int i = Integer.parseInt(unit.substring(unit.lastIndexOf('-') + 1));
      boolean ok = i % 7 != 0;
      assertThat(r.get("result")).as("result of " + unit).isEqualTo(ok ? "OK" : "NOK");
      assertThat(r.get("failure_code"))
          .as("failure code of " + unit)
          .isEqualTo(ok ? null : "E-" + i);
      assertThat(((Number) r.get("torque")).doubleValue()).as("torque of " + unit).isEqualTo(i);
    }
    return results;
  }

  private static String unit(EdgeLine line, int i) {
    return line.site + "-U-" + i;
  }

  private List<Map<String, Object>> results(EdgeLine line) {
    return jdbc.queryForList(
        """
        SELECT unit_serial, result, failure_code, (process_values->>'Torque')::float8 AS torque
        FROM station_event WHERE site = ? AND type = 'StationResult'
        """,
        line.site);
  }

  private long notCaptured(EdgeLine line) {
    return new CoreRecords(jdbc).notCaptured(line.site);
  }
}
