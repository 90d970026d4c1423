package org.unitrace.edge.station;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unitrace.contract.EventPayload;
import org.unitrace.contract.EventPayload.Result;
import org.unitrace.contract.EventPayload.StationResult;
import org.unitrace.contract.EventPayload.StationState;
import org.unitrace.contract.EventPayload.StationStateChanged;
import org.unitrace.edge.bom.BomLookup;
import org.unitrace.edge.config.StationConfig;

/**
 * Marking stations: a part arrives, the agent asks for a serial of the line's run to be marked on
 * it ({@link Step.MarkRequest}), and the outcome makes the part a unit or reports why not.
 */
@RequiredArgsConstructor
final class Marking {

  private static final Logger log = LoggerFactory.getLogger(Marking.class);

  private final Line line;
  private final BomLookup boms;

  /** The part-present signal of a marking station changed. */
  void partPresent(StationConfig s, boolean present, Instant at, Changes changes) {
    StationMemory m = line.memory(s.id());
    if (!present) {
      if (m.markedUnit != null) {
        m.markedUnit = null;
        changes.touch(s.id());
      }
      return;
    }
    if (m.marking || m.markedUnit != null) {
      return; // this part is being marked, or was: one serial per part
    }
    StationConfig.Marking mk = s.marking();
    String runId = valueOf(mk.runId());
    String part = valueOf(mk.partNumber());
    String rev = valueOf(mk.revision());
    String shift = mk.shift() == null ? null : valueOf(mk.shift());
    m.partPresentAt = at;
    if (runId == null || part == null || rev == null) {
      String reason =
          "part present but the run, part number or revision is not known (run %s, part %s, revision %s): not marked"
              .formatted(runId, part, rev);
      log.error("Station {}: {}", s.id(), reason);
      changes.add(s.id(), new StationStateChanged(StationState.FAULT, "NO_RUN", reason), at);
      m.state = StationState.FAULT.name();
      m.faultCode = "NO_RUN";
      if (s.signals().agentResult() != null) {
        changes.output(s.id(), s.signals().agentResult(), LineLogic.AGENT_NOK);
      }
      return;
    }
    if (!runId.equals(m.runId)) {
      if (m.runId != null) {
        changes.add(
            s.id(), new EventPayload.RunEnded(m.runId, null, "the line started run " + runId), at);
      }
      changes.add(s.id(), new EventPayload.RunStarted(runId, part, rev, null, shift), at);
      m.runId = runId;
      m.runPartNumber = part;
      m.runRevision = rev;
    }
    m.marking = true;
    changes.touch(s.id());
    changes.mark(new Step.MarkRequest(s.id(), runId, part, rev, shift, at));
    boms.bom(part, rev); // the first lookup fetches it: in by the time the unit reaches assembly
  }

  private String valueOf(StationConfig.ValueSource v) {
    if (v.fixed() != null) {
      return v.fixed();
    }
    String text = line.readText(v.signal());
    return text == null || text.isBlank() ? null : text.strip();
  }

  /** See {@link LineLogic#marked}. */
  Step marked(MarkOutcome o) {
    String station = o.request().station();
    StationConfig s = line.station(station);
    StationMemory m = line.memory(station);
    m.marking = false;
    Changes changes = line.changes();
    changes.touch(station);
    Instant at = o.at();
    Step.MarkRequest r = o.request();
    Long cycleTime =
        m.partPresentAt == null
            ? null
            : Math.max(0, Duration.between(m.partPresentAt, at).toMillis());
    m.partPresentAt = null;
    if (o.serial() == null) {
      log.error("Station {}: part not marked: {}", station, o.detail());
      changes.add(
          station, new StationStateChanged(StationState.FAULT, o.failureCode(), o.detail()), at);
      m.state = StationState.FAULT.name();
      m.faultCode = o.failureCode();
    } else if (o.passed()) {
      changes.add(
          station,
          new EventPayload.UnitSerialized(o.serial(), r.partNumber(), r.revision(), r.runId()),
          at);
      changes.add(
          station,
          new EventPayload.MarkVerified(o.serial(), true, o.grade(), o.content(), o.symbology()),
          at);
      Map<String, Object> values = new LinkedHashMap<>();
      if (o.grade() != null) {
        values.put("grade", o.grade());
      }
      values.put("markMs", o.markMillis());
      values.put("markAttempts", o.markAttempts());
      values.put("readAttempts", o.readAttempts());
      changes.add(station, new StationResult(o.serial(), Result.OK, null, cycleTime, values), at);
      m.markedUnit = o.serial();
      m.lastCycleAt = at;
      line.handOver(s, o.serial(), Result.OK, at, changes);
    } else {
      log.warn(
          "Station {}: mark of {} failed ({}): {}",
          station,
          o.serial(),
          o.failureCode(),
          o.detail());
      changes.add(
          station,
          new EventPayload.MarkVerified(
              o.serial(), false, o.grade(), clip(o.content()), o.symbology(), o.failureCode()),
          at);
      m.markedUnit = o.serial(); // the part keeps its failed mark until it leaves: not re-marked
    }
    if (s.signals().agentResult() != null) {
      changes.output(
          station,
          s.signals().agentResult(),
          o.passed() ? LineLogic.AGENT_OK : LineLogic.AGENT_NOK);
    }
    return changes.step();
  }

  private static String clip(String text) {
    return text == null || text.length() <= 4096 ? text : text.substring(0, 4096);
  }
}
