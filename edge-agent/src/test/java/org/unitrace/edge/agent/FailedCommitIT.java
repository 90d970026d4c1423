package org.unitrace.edge.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unitrace.edge.TestLines;
import org.unitrace.edge.config.LineConfig;
import org.unitrace.edge.config.LineConfigLoader;
import org.unitrace.sim.plc.PlcSimulator;
import org.unitrace.sim.plc.StationSim;
import org.unitrace.sim.plc.StationSpec;

/**
 * The outbox refuses a cycle's write (a full disk, stood for by {@link EdgeAgent#disk}) on a
 * station read over OPC UA from the Milo PLC simulator. No broker delivers the change again here:
 * the agent itself puts its memory back to what the outbox holds and reads the PLC again once the
 * disk takes writes. A handshake PLC, which holds the cycle until it is acknowledged, loses
 * nothing; in counter mode a cycle the PLC has moved past is a gap record, never a silent hole.
 */
class FailedCommitIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CompletableFuture<Void> FULL =
      CompletableFuture.failedFuture(new IllegalStateException("disk full (a test)"));

  @TempDir static Path dir;
  @AutoClose private static PlcSimulator plc;

  @BeforeAll
  static void startPlc() throws Exception {
    plc =
        PlcSimulator.start(
            "L1",
            dir.resolve("plc-pki"),
            StationSpec.of("ST10", List.of("Torque")),
            StationSpec.of("ST20", List.of("Torque")));
  }

  @Test
  void inCounterModeACycleThatCouldNotBeStoredIsAGapOnceThePlcHasMovedOn() throws Exception {
    Path outbox = dir.resolve("counter.db");
    StationSim st = plc.station("ST10");
    try (EdgeAgent agent = startedAgent(outbox, "ST10", "")) {
      long start = st.cycleCount();
      for (int i = 1; i <= 3; i++) {
        cycle(st, i);
        awaitCounter(agent, "ST10", start + i);
      }
      agent.disk(FULL);
      cycle(st, 4); // refused by the disk
      st.setState(3, null); // blocked: refused as well
      TimeUnit.MILLISECONDS.sleep(1_500); // the agent reads the PLC again: refused again
      cycle(st, 5); // refused as well, or passed over while the memory is reloaded
      TimeUnit.MILLISECONDS.sleep(500);
      cycle(st, 6); // the PLC has moved on past 4 and 5 when the disk takes writes again
      TimeUnit.MILLISECONDS.sleep(300);
      agent.disk(CompletableFuture.completedFuture(null));
      // the agent reads the PLC again within a second or two: cycle 6 is still what it shows
      await().atMost(Duration.ofSeconds(10)).until(() -> accounted(outbox) == 6);
      cycle(st, 7);
      awaitCounter(agent, "ST10", start + 7);
      await().atMost(Duration.ofSeconds(10)).until(() -> accounted(outbox) == 7);

      List<String> units = resultUnits(outbox);
      assertThat(units).as("cycles 1-3, 6 and 7 on their own units").contains("U-1", "U-2", "U-3");
      assertThat(units).contains("U-6", "U-7").doesNotHaveDuplicates();
      assertThat(notCaptured(outbox))
          .as("cycles 4 and 5, on no disk when the PLC moved on: counted in gap records")
          .isEqualTo(7 - units.size());
      assertThat(events(outbox, "StationStateChanged"))
          .as("the state change the disk refused, read again")
          .anySatisfy(
              e -> assertThat(e.path("payload").path("state").asText()).isEqualTo("BLOCKED"));
    }
  }

  @Test
  void inHandshakeModeTheCycleThePlcHoldsIsRecordedAndAcknowledgedOnceTheDiskTakesIt()
      throws Exception {
    Path outbox = dir.resolve("handshake.db");
    StationSim st = plc.station("ST20");
    String node = "ns=" + plc.namespaceIndex() + ";s=L1.ST20.";
    String handshake =
        ", mode: handshake, acknowledge: { plc: plc1, node: \"%sCycleAck\" }".formatted(node);
    try (EdgeAgent agent = startedAgent(outbox, "ST20", handshake)) {
      for (int i = 1; i <= 3; i++) {
        assertThat(cycleAfterAck(st, i)).isTrue();
      }
      awaitAcknowledged(st);
      agent.disk(FULL);
      assertThat(cycleAfterAck(st, 4)).isTrue();
      TimeUnit.MILLISECONDS.sleep(2_500); // the agent has read the PLC again and failed again
      assertThat(st.acknowledged()).as("cycle 4 is on no disk: not acknowledged").isLessThan(4);
      Instant healed = Instant.now();
      agent.disk(CompletableFuture.completedFuture(null));
      awaitAcknowledged(st);
      assertThat(cycleAfterAck(st, 5)).isTrue();
      awaitAcknowledged(st);
      await().atMost(Duration.ofSeconds(10)).until(() -> accounted(outbox) == 5);

      assertThat(resultUnits(outbox)).containsExactly("U-1", "U-2", "U-3", "U-4", "U-5");
      assertThat(notCaptured(outbox)).isZero();
      assertThat(torques(outbox)).containsExactly(1.0, 2.0, 3.0, 4.0, 5.0);
      assertThat(events(outbox, "StationResult"))
          .filteredOn(e -> e.path("payload").path("unitSerial").asText().equals("U-4"))
          .singleElement()
          .satisfies(
              e ->
                  assertThat(Instant.parse(e.path("occurredAt").asText()))
                      .as("cycle 4 at the time the PLC completed it, not when it was read again")
                      .isBefore(healed.minusSeconds(2)));
    }
  }

  /** An agent watching {@code station} of plc1, its outbox at {@code outbox}; cycle mode extra. */
  private static EdgeAgent startedAgent(Path outbox, String station, String cycleMode)
      throws Exception {
    String node = "ns=" + plc.namespaceIndex() + ";s=L1." + station + ".";
    String yaml =
        TestLines.unreachableCoreLineHead("FCI", outbox.toString())
            + """
            plcs:
              plc1:
                endpoint: %2$s
                securityPolicy: None
                samplingInterval: 20ms
                publishingInterval: 40ms
            stations:
              - id: %3$s
                kind: assembly
                unit: { source: signal }
                signals:
                  cycleComplete: { plc: plc1, node: "%1$sCycleCounter"%4$s }
                  result: { plc: plc1, node: "%1$sResult" }
                  failureCode: { plc: plc1, node: "%1$sFailureCode" }
                  unitId: { plc: plc1, node: "%1$sUnitId" }
                  state: { plc: plc1, node: "%1$sState" }
                  processValues:
                    Torque: { plc: plc1, node: "%1$sTorque" }
            """
                .formatted(node, plc.endpointUrl(), station, cycleMode);
    LineConfig config = new LineConfigLoader().parse("line.yml", yaml, dir);
    EdgeAgent agent = new EdgeAgent(config, new SimpleMeterRegistry());
    agent.start();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> agent.inspect(l -> l.counter(station)) != null);
    } catch (RuntimeException | Error e) {
      agent.close();
      throw e;
    }
    return agent;
  }

  /** Cycle {@code i}: unit U-i, torque i, NOK when i is even; every value says its cycle. */
  private static void cycle(StationSim st, int i) {
    st.completeCycle("U-" + i, i % 2 == 1, i % 2 == 1 ? null : "E-" + i, values(i));
  }

  private static boolean cycleAfterAck(StationSim st, int i) throws InterruptedException {
    return st.completeCycleAfterAck(
        "U-" + i, i % 2 == 1, i % 2 == 1 ? null : "E-" + i, values(i), Duration.ofSeconds(10));
  }

  private static Map<String, Double> values(int i) {
    return Map.of("Torque", (double) i);
  }

  private static void awaitCounter(EdgeAgent agent, String station, long count) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> Long.valueOf(count).equals(agent.inspect(l -> l.counter(station))));
  }

  private static void awaitAcknowledged(StationSim st) {
    await().atMost(Duration.ofSeconds(20)).until(() -> st.acknowledged() == st.cycleCount());
  }

  /** Cycles the outbox accounts for: results plus the counts of gap records. */
  private static long accounted(Path outbox) throws Exception {
    return resultUnits(outbox).size() + notCaptured(outbox);
  }

  private static List<String> resultUnits(Path outbox) throws Exception {
    List<String> units = new ArrayList<>();
    for (JsonNode e : events(outbox, "StationResult")) {
      JsonNode p = e.path("payload");
      String unit = p.path("unitSerial").asText();
      int i = Integer.parseInt(unit.substring(2));
      assertThat(p.path("result").asText())
          .as("result of " + unit)
          .isEqualTo(i % 2 == 1 ? "OK" : "NOK");
      assertThat(p.path("values").path("Torque").asDouble()).as("torque of " + unit).isEqualTo(i);
      units.add(unit);
    }
    return units;
  }

  private static List<Double> torques(Path outbox) throws Exception {
    return events(outbox, "StationResult").stream()
        .map(e -> e.path("payload").path("values").path("Torque").asDouble())
        .toList();
  }

  private static long notCaptured(Path outbox) throws Exception {
    return events(outbox, "CyclesNotCaptured").stream()
        .mapToLong(e -> e.path("payload").path("count").asLong())
        .sum();
  }

  /** The outbox's events of {@code type}, in seq order. */
  private static List<JsonNode> events(Path outbox, String type) throws Exception {
    List<JsonNode> events = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + outbox);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT CAST(body AS TEXT) FROM outbox_event ORDER BY seq")) {
      while (rs.next()) {
        JsonNode e = JSON.readTree(rs.getString(1));
        if (type.equals(e.path("type").asText())) {
          events.add(e);
        }
      }
    }
    return events;
  }
}
