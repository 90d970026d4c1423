package org.unitrace.edge.station;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unitrace.contract.EventPayload;
import org.unitrace.contract.EventPayload.Result;
import org.unitrace.contract.EventPayload.StationResult;
import org.unitrace.contract.EventPayload.StationState;
import org.unitrace.contract.EventPayload.StationStateChanged;
import org.unitrace.edge.config.SignalBinding;
import org.unitrace.edge.config.StationConfig;
import org.unitrace.edge.config.StationConfig.CycleMode;
import org.unitrace.edge.config.StationConfig.Signals;
import org.unitrace.edge.config.StationConfig.UnitSource;

/**
 * Cycles and machine states: a counter step, a handshake or a rising edge completes a cycle, whose
 * snapshot (result, unit, process values) becomes a {@code StationResult} on the unit it belongs
 * to; cycles the agent could not attribute become one gap record; a state code becomes a {@code
 * StationStateChanged}.
 */
final class CycleTracking {

  private static final Logger log = LoggerFactory.getLogger(CycleTracking.class);

  private final Line line;
  private final ComponentBinding binding;

  /** What was read when the signal being handled arrived (see {@link LineLogic#readsOn}). */
  private Map<SignalBinding, Object> early = Map.of();

  CycleTracking(Line line, ComponentBinding binding) {
    this.line = line;
    this.binding = binding;
  }

  /** Reads of the logic take these values while {@code work} runs, instead of reading again. */
  Step withEarlyReads(
      Map<SignalBinding, Object> readOnArrival, java.util.function.Supplier<Step> work) {
    early = readOnArrival;
    try {
      return work.get();
    } finally {
      early = Map.of();
    }
  }

  /** A part arrived at a station that is not a marking station. */
  void partPresent(StationConfig s, Instant at, Changes changes) {
    StationMemory m = line.memory(s.id());
    m.partPresentAt = at;
    if (s.unit().mode() == UnitSource.Mode.FIFO) {
      line.verdict(s, m.fifo.peekFirst(), changes);
    }
  }

  void onCycleSignal(StationConfig s, Object value, Instant at, Changes changes) {
    StationMemory m = line.memory(s.id());
    if (s.signals().cycle().mode() == CycleMode.RISING_EDGE) {
      boolean now = Values.truthy(value);
      Boolean before = m.lastEdge;
      m.lastEdge = now;
      if (Boolean.FALSE.equals(before) && now) {
        cycle(s, at, true, readNow(snapshotBindings(s)), changes);
      }
      return;
    }
    Long c = Values.counter(value);
    if (c == null) {
      log.warn(
          "Station {}: cycle counter value '{}' is not a whole number; ignored", s.id(), value);
      return;
    }
    boolean handshake = s.signals().cycle().mode() == CycleMode.HANDSHAKE;
    SignalBinding acknowledge = s.signals().cycle().acknowledge();
    Long last = m.counter;
    if (last == null && handshake) {
      // a PLC holding a cycle nobody acknowledged: it is this agent's to record
      Long acked = Values.counter(line.read(List.of(acknowledge)).get(acknowledge));
      if (acked != null && acked < c) {
        log.info("Station {}: the PLC holds cycle {}, acknowledged up to {}", s.id(), c, acked);
        last = c - 1;
        m.counter = last;
      }
    }
    Long notified = m.notified == null ? last : m.notified;
    m.notified = c;
    if (last == null || c.equals(last)) {
      if (last == null) {
        log.info("Station {}: cycle counter starts at {}", s.id(), c);
        m.counter = c;
        changes.touch(s.id());
      }
      if (handshake) {
        // recorded before (an acknowledgement lost in a crash or a failed write): say so again
        changes.output(s.id(), acknowledge, value);
      }
      return;
    }
    if (c < last && c >= notified) {
      return; // a late notification of a cycle already taken when its data were read ahead
    }
    if (c < last && c == 0) {
      log.warn("Station {}: cycle counter reset from {} to 0", s.id(), last);
      m.counter = c;
      changes.touch(s.id());
      return;
    }
    long firstUnseen = last + 1;
    if (c < last) {
      log.warn("Station {}: cycle counter went back from {} to {}", s.id(), last, c);
      firstUnseen = 1;
    }
    // The counter is read again with the cycle's data, in the same request: the data belong to
    // the cycle whose count comes back with them, which can be newer than the count that woke us.
    Map<SignalBinding, Object> snap = readNow(withCounter(s));
    Long read = Values.counter(snap.get(s.signals().cycle().binding()));
    if (read != null && read < c) {
      // an answer older than the change that woke us: none of these cycles can be attributed
      notCaptured(
          s,
          firstUnseen,
          c,
          at,
          "what the PLC answered (counter %d) was older than cycle %d".formatted(read, c),
          changes);
      m.counter = c;
      changes.touch(s.id());
      if (handshake) {
        changes.output(s.id(), acknowledge, value); // never stall the line
      }
      return;
    }
    long cycle = read == null ? c : read;
    if (cycle > firstUnseen) {
      notCaptured(
          s,
          firstUnseen,
          cycle - 1,
          at,
          cycle > c
              ? "the counter moved on to %d before the values of cycle %d could be read"
                  .formatted(cycle, c)
              : "the counter moved by more than one between two readings",
          changes);
    }
    m.counter = cycle;
    cycle(s, at, cycle == firstUnseen, snap, changes);
    if (handshake) {
      // written after the cycle's events are in the outbox: the PLC may clear the data and go on
      changes.output(s.id(), acknowledge, cycle == c ? value : Long.valueOf(cycle));
    }
  }

  /** The values read when the signal being handled arrived, else a read now. */
  private Map<SignalBinding, Object> readNow(List<SignalBinding> bindings) {
    if (!early.isEmpty() && early.keySet().containsAll(bindings)) {
      Map<SignalBinding, Object> values = new HashMap<>();
      bindings.forEach(b -> values.put(b, early.get(b)));
      return values;
    }
    return line.read(bindings);
  }

  /** What a cycle's values are read from: result, failure code, unit and process values. */
  static List<SignalBinding> snapshotBindings(StationConfig s) {
    Signals sig = s.signals();
    List<SignalBinding> list = new ArrayList<>();
    if (sig.result() != null) {
      list.add(sig.result().binding());
    }
    if (sig.failureCode() != null) {
      list.add(sig.failureCode());
    }
    if (sig.unitId() != null) {
      list.add(sig.unitId());
    }
    list.addAll(sig.processValues().values());
    return list;
  }

  /** The cycle's snapshot and, in the same read, the cycle counter. */
  static List<SignalBinding> withCounter(StationConfig s) {
    List<SignalBinding> list = new ArrayList<>(snapshotBindings(s));
    list.add(s.signals().cycle().binding());
    return list;
  }

  /**
   * Records cycles {@code from..to} (inclusive) as completed but not captured: one event for the
   * gap, never a result on a unit it may not belong to.
   */
  private void notCaptured(
      StationConfig s, long from, long to, Instant at, String why, Changes changes) {
    StationMemory m = line.memory(s.id());
    long count = to - from + 1;
    String reason =
        "%d cycle(s) (counter %d to %d) completed between %s and %s and were not captured: %s"
            .formatted(
                count,
                from,
                to,
                m.lastCycleAt == null ? "the last cycle seen" : m.lastCycleAt,
                at,
                why);
    log.warn("Station {}: {}", s.id(), reason);
    changes.add(
        s.id(), new EventPayload.CyclesNotCaptured(from, to, count, m.lastCycleAt, reason), at);
  }

  private void cycle(
      StationConfig s,
      Instant at,
      boolean contiguous,
      Map<SignalBinding, Object> snap,
      Changes changes) {
    StationMemory m = line.memory(s.id());
    Signals sig = s.signals();
    Result result = Result.OK;
    String failureCode =
        sig.failureCode() == null ? null : Values.text(snap.get(sig.failureCode()));
    if (sig.result() != null) {
      String raw = Values.text(snap.get(sig.result().binding()));
      if (raw != null && sig.result().ok().contains(raw)) {
        result = Result.OK;
      } else {
        result = Result.NOK;
        if (raw == null) {
          failureCode = "RESULT_UNREADABLE";
        } else if (!sig.result().nok().contains(raw)) {
          failureCode = "RESULT_CODE_" + raw;
          log.warn(
              "Station {}: result value '{}' is neither OK nor NOK; recorded NOK", s.id(), raw);
        }
      }
    }
    if (result == Result.OK) {
      failureCode = null;
    }
    Map<String, Object> values = new LinkedHashMap<>();
    sig.processValues()
        .forEach(
            (name, b) -> {
              Object v = Values.processValue(snap.get(b));
              if (v != null && values.size() < 100) {
                values.put(name, v);
              }
            });
    Long cycleTime = cycleTime(m, at, contiguous);
    String unit = unit(s, m, snap);
    String held = unit == null ? null : line.heldReason(unit);
    if (held != null) {
      log.warn("Station {}: unit {} is held ({}); its cycle is recorded NOK", s.id(), unit, held);
      result = Result.NOK;
      failureCode = LineLogic.HELD_FAILURE;
      values.put("holdReason", held.length() > 500 ? held.substring(0, 500) : held);
    }
    if (unit != null) {
      List<String> missing = binding.consumeAtCompletion(s, unit, at, changes);
      if (!missing.isEmpty() && result == Result.OK) {
        result = Result.NOK;
        failureCode = LineLogic.MISSING_COMPONENT;
        values.put("missing", String.join(", ", missing));
        log.warn("Station {}: unit {} completed without {}", s.id(), unit, missing);
      }
    }
    line.verdict(s, unit, changes); // again at the end of the cycle: a hold may have come or gone
    m.lastCycleAt = at;
    m.partPresentAt = null;
    changes.touch(s.id());
    if (unit == null) {
      line.desync(
          s,
          "%s completed (%s%s) but the unit is not known: %s"
              .formatted(
                  s.signals().cycle().mode() == CycleMode.COUNTER
                      ? "cycle #" + m.counter
                      : "a cycle",
                  result,
                  failureCode == null ? "" : " " + failureCode,
                  Line.noUnitReason(s)),
          at,
          changes);
      return;
    }
    changes.add(
        s.id(),
        new StationResult(unit, result, failureCode, cycleTime, values.isEmpty() ? null : values),
        at);
    if (m.desynchronized) {
      m.desynchronized = false;
      StationState state = m.state == null ? StationState.UNKNOWN : StationState.valueOf(m.state);
      changes.add(
          s.id(),
          new StationStateChanged(state, m.faultCode, "unit tracking back in step with " + unit),
          at);
    }
    if (s.completes() && result == Result.OK) {
      changes.add(
          s.id(),
          new EventPayload.UnitStatusChanged(
              unit,
              EventPayload.UnitStatus.COMPLETED,
              "passed " + s.id() + ", the line's last step"),
          at);
    }
    line.handOver(s, unit, result, at, changes);
  }

  private static Long cycleTime(StationMemory m, Instant at, boolean contiguous) {
    if (m.partPresentAt != null
        && (m.lastCycleAt == null || m.partPresentAt.isAfter(m.lastCycleAt))) {
      return Math.max(0, Duration.between(m.partPresentAt, at).toMillis());
    }
    if (contiguous && m.lastCycleAt != null) {
      return Math.max(0, Duration.between(m.lastCycleAt, at).toMillis());
    }
    return null;
  }

  /** The unit the cycle was on, taken from where the station learns it. */
  private static String unit(StationConfig s, StationMemory m, Map<SignalBinding, Object> snap) {
    return switch (s.unit().mode()) {
      case SIGNAL -> Values.text(snap.get(s.signals().unitId()));
      case SCAN -> {
        String scanned = m.scannedUnit;
        m.scannedUnit = null;
        yield scanned;
      }
      case FIFO -> m.fifo.pollFirst();
      case MARKED -> m.markedUnit;
    };
  }

  void onState(StationConfig s, String raw, String faultOverride, Instant at, Changes changes) {
    StationMemory m = line.memory(s.id());
    StationState state = raw == null ? null : s.signals().state().codes().get(raw);
    String reason = null;
    if (state == null) {
      state = StationState.UNKNOWN;
      reason = "state value '" + raw + "' has no meaning in the line configuration";
    }
    String fault = null;
    if (state == StationState.FAULT) {
      fault = faultOverride;
      if (fault == null && s.signals().faultCode() != null) {
        fault = line.readText(s.signals().faultCode());
      }
    }
    if (state.name().equals(m.state) && Objects.equals(fault, m.faultCode)) {
      return;
    }
    m.state = state.name();
    m.faultCode = fault;
    changes.add(s.id(), new StationStateChanged(state, fault, reason), at);
  }

  void onFaultCode(StationConfig s, String code, Instant at, Changes changes) {
    StationMemory m = line.memory(s.id());
    if (StationState.FAULT.name().equals(m.state) && s.signals().state() != null) {
      String raw = null;
      for (Map.Entry<String, StationState> e : s.signals().state().codes().entrySet()) {
        if (e.getValue() == StationState.FAULT) {
          raw = e.getKey();
          break;
        }
      }
      onState(s, raw, code, at, changes);
    }
  }

  /** The station lost sight of its signals: state UNKNOWN until they speak again. */
  void sourceDown(StationConfig s, String reason, Instant at, Changes changes) {
    StationMemory m = line.memory(s.id());
    m.lastEdge = null;
    if (!StationState.UNKNOWN.name().equals(m.state)) {
      m.state = StationState.UNKNOWN.name();
      m.faultCode = null;
      changes.add(s.id(), new StationStateChanged(StationState.UNKNOWN, null, reason), at);
    }
  }
}
