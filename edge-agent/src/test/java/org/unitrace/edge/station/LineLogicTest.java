package org.unitrace.edge.station;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.unitrace.contract.EventPayload;
import org.unitrace.contract.EventPayload.CyclesNotCaptured;
import org.unitrace.contract.EventPayload.Result;
import org.unitrace.contract.EventPayload.StationResult;
import org.unitrace.contract.EventPayload.StationState;
import org.unitrace.contract.EventPayload.StationStateChanged;
import org.unitrace.edge.config.LineConfig;
import org.unitrace.edge.config.LineConfigLoader;

class LineLogicTest {

  private static final String LINE =
      """
      site: AKL
      line: L1
      core: { mqtt: { url: tcp://127.0.0.1:1883 } }
      plcs: { plc1: { endpoint: opc.tcp://127.0.0.1:4840 } }
      stations:
        - id: ST10
          kind: assembly
          signals:
            partPresent: { plc: plc1, node: "ns=2;s=ST10.PartPresent" }
            cycleComplete: { plc: plc1, node: "ns=2;s=ST10.Counter" }
            result: { plc: plc1, node: "ns=2;s=ST10.Result" }
            failureCode: { plc: plc1, node: "ns=2;s=ST10.FailureCode" }
            unitId: { plc: plc1, node: "ns=2;s=ST10.UnitId" }
            processValues:
              Torque: { plc: plc1, node: "ns=2;s=ST10.Torque" }
            state: { plc: plc1, node: "ns=2;s=ST10.State" }
            faultCode: { plc: plc1, node: "ns=2;s=ST10.FaultCode" }
        - id: ST20
          kind: test
          unit: { source: fifo, from: ST10, capacity: 2 }
          signals:
            cycleComplete: { plc: plc1, node: "ns=2;s=ST20.Done", mode: rising-edge }
            result: { plc: plc1, node: "ns=2;s=ST20.Result" }
      """;

  private static final Instant T0 = Instant.parse("2026-11-28T08:00:00Z");

  private final LineConfig config = new LineConfigLoader().parse("line.yml", LINE, Path.of("."));
  private final FakePlc plc = new FakePlc("plc1");

  private static List<EventPayload> payloads(Step step) {
    return step.events().stream().map(d -> d.payload()).toList();
  }

  /** The line logic with ST10's cycle counter read at {@code counter} at T0: its first value. */
  private LineLogic countingFrom(long counter) {
    LineLogic logic = new LineLogic(config, Map.of(), plc);
    plc.set(logic, "ST10.Counter", counter, T0);
    return logic;
  }

  private Step completeSt10(LineLogic logic, long counter, String unit, int result, Instant at) {
    plc.put("ST10.UnitId", unit);
    plc.put("ST10.Result", (short) result);
    plc.put("ST10.Torque", 12.5);
    plc.put("ST10.FailureCode", result == 1 ? "" : "E-TORQUE");
    return plc.set(logic, "ST10.Counter", counter, at);
  }

  @Test
  void aCounterIncrementBecomesAResultOnTheUnitWithItsValues() {
    LineLogic logic = countingFrom(41L);
    plc.set(logic, "ST10.PartPresent", true, T0.plusSeconds(1));

    Step step = completeSt10(logic, 42, "U-1", 1, T0.plusMillis(4_500));

    assertThat(payloads(step))
        .containsExactly(new StationResult("U-1", Result.OK, null, 3_500L, Map.of("Torque", 12.5)));
    assertThat(step.events().get(0).station()).isEqualTo("ST10");
    assertThat(step.memory()).containsKey("station.ST10");
  }

  @Test
  void theFirstCounterValueAndRepeatsAfterAResubscriptionAreNoCycles() {
    LineLogic logic = new LineLogic(config, Map.of(), plc);
    assertThat(payloads(plc.set(logic, "ST10.Counter", 7L, T0))).isEmpty();
    assertThat(payloads(plc.set(logic, "ST10.Counter", 7L, T0.plusSeconds(5)))).isEmpty();
  }

  @Test
  void aNokCarriesTheFailureCodeAndUnknownResultCodesAreKept() {
    LineLogic logic = countingFrom(1L);

    assertThat(payloads(completeSt10(logic, 2, "U-2", 2, T0.plusSeconds(1))))
        .first()
        .isEqualTo(new StationResult("U-2", Result.NOK, "E-TORQUE", null, Map.of("Torque", 12.5)));
    assertThat(payloads(completeSt10(logic, 3, "U-3", 9, T0.plusSeconds(2))))
        .first()
        .extracting(p -> ((StationResult) p).failureCode())
        .isEqualTo("RESULT_CODE_9");
  }

  @Test
  void memorySavedWithTheEventsMakesARestartNeitherRepeatNorSkip() {
    LineLogic first = countingFrom(10L);
    Step step = completeSt10(first, 11, "U-11", 1, T0.plusSeconds(1));

    LineLogic restarted = new LineLogic(config, step.memory(), plc);
    assertThat(payloads(restarted.onSignal(plc.node("ST10.Counter"), 11L, T0.plusSeconds(9))))
        .isEmpty();
    assertThat(restarted.handOverQueue("ST20")).containsExactly("U-11");
    assertThat(payloads(completeSt10(restarted, 12, "U-12", 1, T0.plusSeconds(10))))
        .extracting(p -> ((StationResult) p).unitSerial())
        .containsExactly("U-12");
  }

  @Test
  void cyclesCompletedOutOfSightAreOneGapRecordAndTheLastIsStillRecorded() {
    LineLogic logic = new LineLogic(config, Map.of(), plc);
    plc.put("ST10.State", (short) 1);
    plc.set(logic, "ST10.Counter", 20L, T0);
    logic.onSourceDown(b -> true, "OPC UA session lost", T0.plusSeconds(1));

    Step back = completeSt10(logic, 24, "U-24", 1, T0.plusSeconds(30));

    assertThat(payloads(back)).hasSize(2);
    CyclesNotCaptured gap = (CyclesNotCaptured) payloads(back).get(0);
    assertThat(gap.fromCounter()).isEqualTo(21);
    assertThat(gap.toCounter()).isEqualTo(23);
    assertThat(gap.count()).isEqualTo(3);
    assertThat(gap.reason()).contains("3 cycle(s) (counter 21 to 23)").contains("not captured");
    assertThat(((StationResult) payloads(back).get(1)).unitSerial()).isEqualTo("U-24");
    assertThat(((StationResult) payloads(back).get(1)).cycleTimeMs()).isNull();
  }

  @Test
  void aSnapshotOfANewerCycleGoesToThatCycleAndTheOnesBetweenAreNotCaptured() {
    LineLogic logic = countingFrom(96L);
    // the counter's change to 97 arrives, but by the time the data are read the PLC is at 98
    plc.put("ST10.UnitId", "SN000098");
    plc.put("ST10.Result", (short) 2);
    plc.put("ST10.Torque", 9.5);
    plc.put("ST10.FailureCode", "E-TORQUE");
    plc.put("ST10.Counter", 98L);
    Step step = logic.onSignal(plc.node("ST10.Counter"), 97L, T0.plusMillis(50));

    assertThat(payloads(step)).hasSize(2);
    CyclesNotCaptured gap = (CyclesNotCaptured) payloads(step).get(0);
    assertThat(List.of(gap.fromCounter(), gap.toCounter(), gap.count()))
        .containsExactly(97L, 97L, 1L);
    StationResult result = (StationResult) payloads(step).get(1);
    assertThat(result.unitSerial()).isEqualTo("SN000098");
    assertThat(result.result()).isEqualTo(Result.NOK);
    assertThat(result.values()).containsEntry("Torque", 9.5);

    // the change to 98 that follows is the cycle already recorded: nothing twice
    assertThat(payloads(logic.onSignal(plc.node("ST10.Counter"), 98L, T0.plusMillis(100))))
        .isEmpty();
  }

  @Test
  void lateNotificationsOfCyclesAlreadyReadAheadAreNotCountedAgain() {
    LineLogic logic = countingFrom(10L);
    plc.put("ST10.UnitId", "U-13");
    plc.put("ST10.Result", (short) 1);
    plc.put("ST10.Counter", 13L);
    assertThat(payloads(logic.onSignal(plc.node("ST10.Counter"), 11L, T0.plusMillis(10))))
        .hasSize(2);

    assertThat(payloads(logic.onSignal(plc.node("ST10.Counter"), 12L, T0.plusMillis(20))))
        .isEmpty();
    assertThat(payloads(logic.onSignal(plc.node("ST10.Counter"), 13L, T0.plusMillis(30))))
        .isEmpty();
    plc.put("ST10.UnitId", "U-14");
    plc.put("ST10.Counter", 14L);
    Step next = logic.onSignal(plc.node("ST10.Counter"), 14L, T0.plusMillis(40));
    assertThat(payloads(next)).hasSize(1);
    assertThat(((StationResult) payloads(next).get(0)).unitSerial()).isEqualTo("U-14");
  }

  @Test
  void aSnapshotOlderThanTheCycleIsNotAttributed() {
    LineLogic logic = countingFrom(10L);
    plc.put("ST10.UnitId", "U-10");
    plc.put("ST10.Result", (short) 1);
    plc.put("ST10.Counter", 10L); // the server still answers the previous scan
    Step step = logic.onSignal(plc.node("ST10.Counter"), 11L, T0.plusMillis(50));

    assertThat(payloads(step)).hasSize(1);
    CyclesNotCaptured gap = (CyclesNotCaptured) payloads(step).get(0);
    assertThat(List.of(gap.fromCounter(), gap.toCounter())).containsExactly(11L, 11L);
    assertThat(gap.reason()).contains("older than cycle 11");
  }

  @Test
  void losingThePlcPutsItsStationsInUnknownOnce() {
    LineLogic logic = new LineLogic(config, Map.of(), plc);
    plc.set(logic, "ST10.State", (short) 1, T0);

    Step down =
        logic.onSourceDown(b -> b.source().equals("plc1"), "session lost", T0.plusSeconds(1));
    assertThat(payloads(down))
        .containsExactly(
            new StationStateChanged(StationState.UNKNOWN, null, "session lost"),
            new StationStateChanged(StationState.UNKNOWN, null, "session lost"));
    assertThat(payloads(logic.onSourceDown(b -> true, "again", T0.plusSeconds(2)))).isEmpty();
    assertThat(payloads(plc.set(logic, "ST10.State", (short) 1, T0.plusSeconds(3))))
        .containsExactly(new StationStateChanged(StationState.RUNNING, null, null));
  }

  @Test
  void aFaultCarriesItsFaultCodeAndStateRepeatsAreQuiet() {
    LineLogic logic = new LineLogic(config, Map.of(), plc);
    plc.put("ST10.FaultCode", "E42");
    assertThat(payloads(plc.set(logic, "ST10.State", (short) 5, T0)))
        .containsExactly(new StationStateChanged(StationState.FAULT, "E42", null));
    assertThat(payloads(plc.set(logic, "ST10.State", (short) 5, T0.plusSeconds(1)))).isEmpty();
    assertThat(payloads(plc.set(logic, "ST10.FaultCode", "E43", T0.plusSeconds(2))))
        .containsExactly(new StationStateChanged(StationState.FAULT, "E43", null));
  }

  @Test
  void unitsHandOverInOrderAndOnlyWhenTheyPassed() {
    LineLogic logic = countingFrom(0L);
    completeSt10(logic, 1, "U-1", 1, T0.plusSeconds(1));
    completeSt10(logic, 2, "U-2", 2, T0.plusSeconds(2));
    completeSt10(logic, 3, "U-3", 1, T0.plusSeconds(3));
    assertThat(logic.handOverQueue("ST20")).containsExactly("U-1", "U-3");

    plc.put("ST20.Result", true);
    plc.set(logic, "ST20.Done", false, T0.plusSeconds(4));
    Step done = plc.set(logic, "ST20.Done", true, T0.plusSeconds(5));

    assertThat(payloads(done))
        .containsExactly(new StationResult("U-1", Result.OK, null, null, null));
    assertThat(logic.handOverQueue("ST20")).containsExactly("U-3");
  }

  @Test
  void anEmptyHandOverBufferIsATrackingFaultNotAGuess() {
    LineLogic logic = new LineLogic(config, Map.of(), plc);
    plc.put("ST20.Result", true);
    plc.set(logic, "ST20.Done", false, T0);

    Step step = plc.set(logic, "ST20.Done", true, T0.plusSeconds(1));

    StationStateChanged fault = (StationStateChanged) payloads(step).get(0);
    assertThat(fault.state()).isEqualTo(StationState.FAULT);
    assertThat(fault.faultCode()).isEqualTo(LineLogic.TRACKING_FAULT);
    assertThat(fault.reason()).contains("hand-over buffer from ST10 is empty");
  }

  @Test
  void aFullHandOverBufferDropsTheOldestAndSaysSo() {
    LineLogic logic = countingFrom(0L);
    completeSt10(logic, 1, "U-1", 1, T0.plusSeconds(1));
    completeSt10(logic, 2, "U-2", 1, T0.plusSeconds(2));

    Step third = completeSt10(logic, 3, "U-3", 1, T0.plusSeconds(3));

    assertThat(logic.handOverQueue("ST20")).containsExactly("U-2", "U-3");
    assertThat(payloads(third))
        .anySatisfy(
            p ->
                assertThat(((p instanceof StationStateChanged s) ? s.reason() : ""))
                    .contains("capacity 2")
                    .contains("unit U-1 dropped"));
  }
}
