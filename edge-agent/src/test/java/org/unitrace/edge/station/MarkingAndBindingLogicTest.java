package org.unitrace.edge.station;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.unitrace.contract.EventPayload;
import org.unitrace.contract.EventPayload.ComponentBound;
import org.unitrace.contract.EventPayload.MarkVerified;
import org.unitrace.contract.EventPayload.MaterialLoaded;
import org.unitrace.contract.EventPayload.MaterialUnloaded;
import org.unitrace.contract.EventPayload.Result;
import org.unitrace.contract.EventPayload.RunStarted;
import org.unitrace.contract.EventPayload.StationResult;
import org.unitrace.contract.EventPayload.UnitSerialized;
import org.unitrace.edge.TestLines;
import org.unitrace.edge.bom.Bom;
import org.unitrace.edge.config.LineConfig;
import org.unitrace.edge.config.LineConfigLoader;

/** The marking and binding decisions of the line logic, without devices or a PLC. */
class MarkingAndBindingLogicTest {

  private static final String LINE =
      TestLines.markingLineHead("{site:3}{line:2}{seq:6}")
          + """
                  agentResult: { plc: plc2, node: "ns=2;s=MARK.AgentResult" }
                marking: { runId: { plc: plc2, node: "ns=2;s=MARK.Order" }, partNumber: CTRL-900, revision: B, job: DM }
                devices:
                  marker: { channel: "tcp://127.0.0.1:9101" }
                  verifier: { channel: "tcp://127.0.0.1:9102" }
              - id: ST20
                kind: assembly
                completes: true
                unit: { source: fifo, from: MARK }
                signals:
                  cycleComplete: { plc: plc2, node: "ns=2;s=ST20.Counter" }
                  result: { plc: plc2, node: "ns=2;s=ST20.Result" }
                  agentResult: { plc: plc2, node: "ns=2;s=ST20.AgentResult" }
                binding:
                  patterns:
                    - { partNumber: PCB-100, regex: "PCB-(?<serial>\\\\d+)" }
                    - { partNumber: HSG-7, regex: "HSG7-L(?<lot>[A-Z0-9]+)" }
                    - { partNumber: SCREW-9, regex: "SCR-(?<serial>\\\\d+)" }
            """;

  private static final Instant T0 = Instant.parse("2026-11-28T08:00:00Z");

  private static final Bom BOM =
      new Bom(
          "CTRL-900",
          "B",
          List.of(
              new Bom.Item("P1", "PCB-100", "SERIAL", "ST20", BigDecimal.ONE, true, List.of()),
              new Bom.Item("H1", "HSG-7", "LOT", "ST20", new BigDecimal("2"), true, List.of())));

  private final LineConfig config = new LineConfigLoader().parse("line.yml", LINE, Path.of("."));
  private final FakePlc plc = new FakePlc("plc2");

  private LineLogic logic(Map<String, String> saved) {
    return new LineLogic(
        config,
        saved,
        plc,
        serial -> null,
        (pn, rev) ->
            pn.equals("CTRL-900") && rev.equals("B") ? Optional.of(BOM) : Optional.empty());
  }

  /**
   * The logic with {@code saved} as its memory, run R-7 on the PLC and ST20's counter read at 0.
   */
  private LineLogic runningR7(Map<String, String> saved) {
    plc.put("MARK.Order", "R-7");
    LineLogic logic = logic(saved);
    plc.set(logic, "ST20.Counter", 0L, T0);
    return logic;
  }

  private static List<EventPayload> payloads(Step step) {
    return step.events().stream().map(d -> d.payload()).toList();
  }

  private static Object output(Step step) {
    assertThat(step.outputs()).hasSize(1);
    return step.outputs().get(0).value();
  }

  private MarkOutcome ok(Step.MarkRequest r, String serial, Instant at) {
    return new MarkOutcome(r, serial, null, "A", serial, "DataMatrix", 1, 1, 800, null, at);
  }

  /** Marks one unit through MARK and returns its serial, handed over to ST20. */
  private String markOne(LineLogic logic, String serial, Instant at) {
    Step present = plc.set(logic, "MARK.PartPresent", true, at);
    Step done = logic.marked(ok(present.marks().get(0), serial, at.plusSeconds(2)));
    plc.set(logic, "MARK.PartPresent", false, at.plusSeconds(3));
    return payloads(done).isEmpty() ? null : serial;
  }

  @Test
  void aPartAtTheMarkingStationAsksForOneMarkAndStartsTheRun() {
    plc.put("MARK.Order", "R-7");
    LineLogic logic = logic(Map.of());
    Step step = plc.set(logic, "MARK.PartPresent", true, T0);
    assertThat(step.marks())
        .containsExactly(new Step.MarkRequest("MARK", "R-7", "CTRL-900", "B", null, T0));
    assertThat(payloads(step)).containsExactly(new RunStarted("R-7", "CTRL-900", "B", null, null));
    assertThat(plc.set(logic, "MARK.PartPresent", true, T0.plusMillis(100)).marks())
        .as("the same part, seen again while it is being marked")
        .isEmpty();
  }

  @Test
  void aPassedMarkMakesTheUnitAndHandsItDownTheLine() {
    plc.put("MARK.Order", "R-7");
    LineLogic logic = logic(Map.of());
    Step present = plc.set(logic, "MARK.PartPresent", true, T0);
    Step done = logic.marked(ok(present.marks().get(0), "AKLL2000001", T0.plusSeconds(2)));
    assertThat(payloads(done))
        .containsExactly(
            new UnitSerialized("AKLL2000001", "CTRL-900", "B", "R-7"),
            new MarkVerified("AKLL2000001", true, "A", "AKLL2000001", "DataMatrix"),
            new StationResult(
                "AKLL2000001",
                Result.OK,
                null,
                2000L,
                Map.of("grade", "A", "markMs", 800L, "markAttempts", 1, "readAttempts", 1)));
    assertThat(output(done)).isEqualTo(LineLogic.AGENT_OK);
    assertThat(logic.handOverQueue("ST20")).containsExactly("AKLL2000001");
  }

  @Test
  void aFailedMarkIsReportedAndBindsNothingAndThePartIsNotMarkedTwice() {
    plc.put("MARK.Order", "R-7");
    LineLogic logic = logic(Map.of());
    Step present = plc.set(logic, "MARK.PartPresent", true, T0);
    MarkOutcome noread =
        new MarkOutcome(
            present.marks().get(0),
            "AKLL2000001",
            "NOREAD",
            null,
            null,
            null,
            1,
            2,
            700,
            "nothing read",
            T0.plusSeconds(3));
    Step done = logic.marked(noread);
    assertThat(payloads(done))
        .containsExactly(new MarkVerified("AKLL2000001", false, null, null, null, "NOREAD"));
    assertThat(output(done)).isEqualTo(LineLogic.AGENT_NOK);
    assertThat(logic.handOverQueue("ST20")).isEmpty();
    assertThat(plc.set(logic, "MARK.PartPresent", true, T0.plusSeconds(4)).marks())
        .as("the rejected part is still there")
        .isEmpty();
    plc.set(logic, "MARK.PartPresent", false, T0.plusSeconds(5));
    assertThat(plc.set(logic, "MARK.PartPresent", true, T0.plusSeconds(9)).marks()).hasSize(1);
  }

  @Test
  void withoutARunThePartIsRefusedNotMarked() {
    LineLogic logic = logic(Map.of());
    Step step = plc.set(logic, "MARK.PartPresent", true, T0);
    assertThat(step.marks()).isEmpty();
    assertThat(output(step)).isEqualTo(LineLogic.AGENT_NOK);
    assertThat(payloads(step).get(0).toString()).contains("NO_RUN");
  }

  @Test
  void componentsAndLoadedLotsGoIntoTheUnitAtTheStation() {
    LineLogic logic = runningR7(Map.of());
    String unit = markOne(logic, "U1", T0);

    assertThat(payloads(logic.labelScanned("ST20", "HSG7-LA17", T0.plusSeconds(4))))
        .containsExactly(new MaterialLoaded("HSG-7", "A17", null, null, "H1"));
    Step pcb = logic.labelScanned("ST20", "PCB-555", T0.plusSeconds(5));
    assertThat(payloads(pcb))
        .containsExactly(new ComponentBound(unit, "PCB-100", "555", null, null, null, "P1"));
    assertThat(pcb.memory())
        .containsEntry("bound.555", unit + " " + T0.plusSeconds(5).toEpochMilli());

    plc.put("ST20.Result", (short) 1);
    Step cycle = plc.set(logic, "ST20.Counter", 1L, T0.plusSeconds(9));
    assertThat(payloads(cycle))
        .containsExactly(
            new ComponentBound(unit, "HSG-7", null, "A17", null, new BigDecimal("2"), "H1"),
            new StationResult(unit, Result.OK, null, null, null),
            new EventPayload.UnitStatusChanged(
                unit, EventPayload.UnitStatus.COMPLETED, "passed ST20, the line's last step"));
  }

  @Test
  void aNewLotInTheSameSlotUnloadsTheOldOne() {
    LineLogic logic = logic(Map.of());
    plc.put("MARK.Order", "R-7");
    markOne(logic, "U1", T0);
    logic.labelScanned("ST20", "HSG7-LA17", T0);
    assertThat(payloads(logic.labelScanned("ST20", "HSG7-LB02", T0.plusSeconds(60))))
        .containsExactly(
            new MaterialUnloaded("HSG-7", "A17", null, "H1"),
            new MaterialLoaded("HSG-7", "B02", null, null, "H1"));
    assertThat(payloads(logic.unload("ST20", "H1", BigDecimal.TEN, T0.plusSeconds(90))))
        .containsExactly(new MaterialUnloaded("HSG-7", "B02", BigDecimal.TEN, "H1"));
    assertThatThrownBy(() -> logic.unload("ST20", "H1", null, T0.plusSeconds(91)))
        .hasMessageContaining("nothing is loaded in slot 'H1' at station ST20");
  }

  @Test
  void aWrongPartIsRefusedWithNokAndAReason() {
    plc.put("MARK.Order", "R-7");
    LineLogic logic = logic(Map.of());
    String unit = markOne(logic, "U1", T0);
    Step wrong = logic.labelScanned("ST20", "SCR-1", T0.plusSeconds(5));
    assertThat(output(wrong)).isEqualTo(LineLogic.AGENT_NOK);
    StationResult r = (StationResult) payloads(wrong).get(0);
    assertThat(r.unitSerial()).isEqualTo(unit);
    assertThat(r.result()).isEqualTo(Result.NOK);
    assertThat(r.failureCode()).isEqualTo(LineLogic.WRONG_PART);
    assertThat(r.values().get("reason").toString())
        .contains("SCREW-9 is not in the BOM of CTRL-900 rev B at station ST20")
        .contains("PCB-100");
  }

  @Test
  void aComponentInAnotherUnitIsRefusedEvenAfterARestart() {
    LineLogic logic = runningR7(Map.of());
    markOne(logic, "U1", T0);
    Map<String, String> saved = new HashMap<>(logic.labelScanned("ST20", "PCB-555", T0).memory());
    plc.put("ST20.Result", (short) 1);
    saved.putAll(plc.set(logic, "ST20.Counter", 1L, T0.plusSeconds(9)).memory());
    saved.putAll(plc.set(logic, "MARK.PartPresent", true, T0.plusSeconds(10)).memory());

    LineLogic restarted = logic(saved);
    Step marked =
        restarted.marked(
            ok(
                new Step.MarkRequest("MARK", "R-7", "CTRL-900", "B", null, T0),
                "U2",
                T0.plusSeconds(11)));
    assertThat(payloads(marked)).hasSize(3);
    Step again = restarted.labelScanned("ST20", "PCB-555", T0.plusSeconds(12));
    StationResult r = (StationResult) payloads(again).get(0);
    assertThat(r.unitSerial()).isEqualTo("U2");
    assertThat(r.failureCode()).isEqualTo(LineLogic.ALREADY_BOUND);
    assertThat(r.values().get("reason").toString()).contains("already in unit U1");

    Step rework =
        restarted.unbind(
            "ST20", new Unbinding("U1", "PCB-100", "555", null, "PCB cracked"), T0.plusSeconds(20));
    assertThat(payloads(rework))
        .containsExactly(
            new EventPayload.ComponentUnbound("U1", "PCB-100", "555", null, "PCB cracked"));
    assertThat(payloads(restarted.labelScanned("ST20", "PCB-555", T0.plusSeconds(21))))
        .containsExactly(new ComponentBound("U2", "PCB-100", "555", null, null, null, "P1"));
  }

  @Test
  void aComponentBoundLongerAgoThanTheOutboxKeepsItIsForgotten() {
    LineLogic logic = runningR7(Map.of("bound.777", "U0")); // as an agent before 0.1 saved it
    markOne(logic, "U1", T0);
    StationResult old = (StationResult) payloads(logic.labelScanned("ST20", "PCB-777", T0)).get(0);
    assertThat(old.failureCode())
        .as("a binding saved without its time is kept, from the agent's start")
        .isEqualTo(LineLogic.ALREADY_BOUND);
    logic.labelScanned("ST20", "PCB-555", T0);
    plc.put("ST20.Result", (short) 1);
    plc.set(logic, "ST20.Counter", 1L, T0.plusSeconds(9));

    Instant later = T0.plus(Duration.ofDays(91)); // outbox.keepBoundFor is 90 days by default
    plc.set(logic, "MARK.PartPresent", true, later);
    logic.marked(
        ok(new Step.MarkRequest("MARK", "R-7", "CTRL-900", "B", null, later), "U2", later));
    Step reused = logic.labelScanned("ST20", "PCB-555", later.plusSeconds(1));
    assertThat(payloads(reused))
        .containsExactly(new ComponentBound("U2", "PCB-100", "555", null, null, null, "P1"));
    assertThat(reused.memory())
        .containsEntry("bound.555", "U2 " + later.plusSeconds(1).toEpochMilli());
  }

  @Test
  void aCycleWithRequiredPositionsUnfilledIsNok() {
    LineLogic logic = runningR7(Map.of());
    String unit = markOne(logic, "U1", T0);
    plc.put("ST20.Result", (short) 1);
    Step cycle = plc.set(logic, "ST20.Counter", 1L, T0.plusSeconds(9));
    StationResult r = (StationResult) payloads(cycle).get(0);
    assertThat(r.unitSerial()).isEqualTo(unit);
    assertThat(r.result()).isEqualTo(Result.NOK);
    assertThat(r.failureCode()).isEqualTo(LineLogic.MISSING_COMPONENT);
    assertThat(r.values().get("missing")).isEqualTo("P1 (PCB-100), H1 (HSG-7, no lot loaded)");
  }

  @Test
  void aLotLoadedBeforeTheBomWasKnownIsReplacedByTheNextLotOfThatPart() {
    Map<String, Optional<Bom>> known = new HashMap<>();
    LineLogic logic =
        new LineLogic(
            config,
            Map.of(),
            plc,
            serial -> null,
            (pn, rev) -> known.getOrDefault(pn, Optional.empty()));
    plc.put("MARK.Order", "R-7");
    markOne(logic, "U1", T0);
    assertThat(payloads(logic.labelScanned("ST20", "HSG7-LA17", T0)))
        .containsExactly(new MaterialLoaded("HSG-7", "A17", null, null, "HSG-7"));
    known.put("CTRL-900", Optional.of(BOM));
    assertThat(payloads(logic.labelScanned("ST20", "HSG7-LB02", T0.plusSeconds(60))))
        .containsExactly(
            new MaterialUnloaded("HSG-7", "A17", null, "HSG-7"),
            new MaterialLoaded("HSG-7", "B02", null, null, "H1"));
    assertThat(logic.loaded("ST20")).containsExactly(Map.entry("H1", "HSG-7 B02"));
  }
}
