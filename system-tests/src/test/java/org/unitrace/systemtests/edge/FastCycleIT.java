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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.edge.agent.EdgeAgent;
import org.unitrace.sim.plc.PlcSimulator;
import org.unitrace.sim.plc.PlcSimulatorConfig;
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
  static PlcSimulator plc;

  @BeforeAll
  static void startPlc() throws Exception {
    plc =
        PlcSimulator.start(
            PlcSimulatorConfig.builder()
                .line("L1")
                .pkiDir(dir.resolve("plc-pki"))
                .stations(
                    List.of(
                        StationSpec.of("ST10", List.of("Torque")),
                        StationSpec.of("ST20", List.of("Torque"))))
                .build());
  }

  @AfterAll
  static void stopPlc() throws Exception {
    plc.close();
  }

  private static String sources() {
    return """
        plcs:
          plc1:
            endpoint: %s
            securityPolicy: None
            samplingInterval: 50ms
            publishingInterval: 100ms
        """
        .formatted(plc.endpointUrl());
  }

  @Test
  void inHandshakeModeEveryCycleIsRecordedAndCyclesTheAgentWasAwayForAreAGap() throws Exception {
    String stations =
        """
          - id: ST20
            kind: assembly
            unit: { source: signal }
            signals:
              cycleComplete:
                plc: plc1
                node: "ns=%1$d;s=L1.ST20.CycleCounter"
                mode: handshake
                acknowledge: { plc: plc1, node: "ns=%1$d;s=L1.ST20.CycleAck" }
              result: { plc: plc1, node: "ns=%1$d;s=L1.ST20.Result" }
              failureCode: { plc: plc1, node: "ns=%1$d;s=L1.ST20.FailureCode" }
              unitId: { plc: plc1, node: "ns=%1$d;s=L1.ST20.UnitId" }
              processValues:
                Torque: { plc: plc1, node: "ns=%1$d;s=L1.ST20.Torque" }
        """
            .formatted(plc.namespaceIndex());
    EdgeLine line = EdgeLine.write(dir.resolve("handshake"), sources(), stations);
    StationSim st = plc.station("ST20");
    int i = 0;
    try (EdgeAgent agent = line.start()) {
      await().atMost(Duration.ofSeconds(20)).until(() -> agent.sources().get("plc1").isConnected());
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> agent.inspect(l -> l.counter("ST20")) != null);
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
    try (EdgeAgent agent = line.start()) {
      await().atMost(Duration.ofSeconds(20)).until(() -> agent.sources().get("plc1").isConnected());
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
    String stations =
        """
          - id: ST10
            kind: assembly
            unit: { source: signal }
            signals:
              cycleComplete: { plc: plc1, node: "ns=%1$d;s=L1.ST10.CycleCounter" }
              result: { plc: plc1, node: "ns=%1$d;s=L1.ST10.Result" }
              failureCode: { plc: plc1, node: "ns=%1$d;s=L1.ST10.FailureCode" }
              unitId: { plc: plc1, node: "ns=%1$d;s=L1.ST10.UnitId" }
              processValues:
                Torque: { plc: plc1, node: "ns=%1$d;s=L1.ST10.Torque" }
        """
            .formatted(plc.namespaceIndex());
    EdgeLine line = EdgeLine.write(dir.resolve("fast"), sources(), stations);
    StationSim st = plc.station("ST10");
    long start;
    try (EdgeAgent agent = line.start()) {
      await().atMost(Duration.ofSeconds(20)).until(() -> agent.sources().get("plc1").isConnected());
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> agent.inspect(l -> l.counter("ST10")) != null);
      start = st.cycleCount();
      for (int i = 1; i <= CYCLES; i++) {
        // unit i has the torque i and fails when i is a multiple of 7: each value says its cycle
        boolean ok = i % 7 != 0;
        st.completeCycle(unit(line, i), ok, ok ? null : "E-" + i, Map.of("Torque", (double) i));
        LockSupport.parkNanos(Duration.ofMillis(i % 3 == 0 ? 40 : 12).toNanos());
      }
      long end = st.cycleCount();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> Long.valueOf(end).equals(agent.inspect(l -> l.counter("ST10"))));
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
    return jdbc.queryForObject(
        """
        SELECT coalesce(sum((payload->>'count')::bigint), 0) FROM event
        WHERE site = ? AND type = 'CyclesNotCaptured'
        """,
        Long.class,
        line.site);
  }
}
