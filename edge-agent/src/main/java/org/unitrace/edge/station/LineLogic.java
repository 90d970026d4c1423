package org.unitrace.edge.station;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unitrace.contract.EventPayload;
import org.unitrace.contract.EventPayload.Result;
import org.unitrace.contract.EventPayload.StationResult;
import org.unitrace.contract.EventPayload.StationState;
import org.unitrace.contract.EventPayload.StationStateChanged;
import org.unitrace.edge.config.LineConfig;
import org.unitrace.edge.config.SignalBinding;
import org.unitrace.edge.config.StationConfig;
import org.unitrace.edge.config.StationConfig.CycleMode;
import org.unitrace.edge.config.StationConfig.Signals;
import org.unitrace.edge.config.StationConfig.UnitSource;
import org.unitrace.edge.outbox.Outbox.Draft;

/**
 * The stations of one line. Not thread-safe: the agent calls it from one thread, and appends each
 * {@link Step} to the outbox before the next call.
 */
public final class LineLogic {

  /** The fault code of the state event that says the agent lost track of which unit is where. */
  public static final String TRACKING_FAULT = "UNIT_TRACKING";

  private static final Logger log = LoggerFactory.getLogger(LineLogic.class);

  /** What the agent writes to a station's agentResult output: the unit may be processed. */
  public static final short AGENT_OK = 1;

  /** ... or must not (held by quality). */
  public static final short AGENT_NOK = 2;

  /** The failure code of a cycle on a unit that quality holds. */
  public static final String HELD_FAILURE = "UNIT_HELD";

  private enum Role {
    UNIT_ID,
    PART_PRESENT,
    CYCLE,
    STATE,
    FAULT_CODE
  }

  private record Route(StationConfig station, Role role) {}

  private final Map<String, StationConfig> stations = new LinkedHashMap<>();
  private final Map<String, StationMemory> memory = new HashMap<>();
  private final Map<SignalBinding, List<Route>> routes = new HashMap<>();
  private final Set<SignalBinding> bindings = new LinkedHashSet<>();
  private final SignalReader reader;
  private final Function<String, String> holdReason;

  /** {@code saved} is the agent state kept in the outbox ({@code station.<id>} keys). */
  public LineLogic(LineConfig config, Map<String, String> saved, SignalReader reader) {
    this(config, saved, reader, serial -> null);
  }

  /** {@code holdReason} answers why a unit is held, or null when it is not. */
  public LineLogic(
      LineConfig config,
      Map<String, String> saved,
      SignalReader reader,
      Function<String, String> holdReason) {
    this.reader = reader;
    this.holdReason = holdReason;
    for (StationConfig s : config.stations()) {
      stations.put(s.id(), s);
      memory.put(s.id(), StationMemory.restore(saved.get(key(s.id()))));
      Signals sig = s.signals();
      route(sig.partPresent(), s, Role.PART_PRESENT);
      route(sig.cycle() == null ? null : sig.cycle().binding(), s, Role.CYCLE);
      route(sig.state() == null ? null : sig.state().binding(), s, Role.STATE);
      route(sig.faultCode(), s, Role.FAULT_CODE);
      if (sig.agentResult() != null) {
        bindings.add(sig.agentResult()); // written, not read: its source must know it
        if (s.unit().mode() == UnitSource.Mode.SIGNAL) {
          route(sig.unitId(), s, Role.UNIT_ID);
        }
      }
      for (SignalBinding b : snapshotBindings(s)) {
        bindings.add(b);
      }
    }
  }

  private static String key(String station) {
    return "station." + station;
  }

  private void route(SignalBinding binding, StationConfig station, Role role) {
    if (binding != null) {
      routes.computeIfAbsent(binding, b -> new ArrayList<>()).add(new Route(station, role));
      bindings.add(binding);
    }
  }

  /** Every signal the line listens to or reads. */
  public Set<SignalBinding> bindings() {
    return bindings;
  }

  /** The units waiting in a station's hand-over buffer, oldest first. */
  public List<String> handOverQueue(String station) {
    return List.copyOf(memory.get(station).fifo);
  }

  /** The last cycle counter the station reported, or null before its first value. */
  public Long counter(String station) {
    return memory.get(station).counter;
  }

  /** A signal changed (or its first value after a (re)connect arrived). */
  public Step onSignal(SignalBinding binding, Object value, Instant at) {
    List<Route> targets = routes.get(binding);
    if (targets == null) {
      return Step.NOTHING;
    }
    Changes changes = new Changes();
    for (Route r : targets) {
      switch (r.role()) {
        case UNIT_ID -> verdict(r.station(), Values.text(value), changes);
        case PART_PRESENT -> {
          if (Values.truthy(value)) {
            StationMemory m = memory.get(r.station().id());
            m.partPresentAt = at;
            if (r.station().unit().mode() == UnitSource.Mode.FIFO) {
              verdict(r.station(), m.fifo.peekFirst(), changes);
            }
          }
        }
        case CYCLE -> onCycleSignal(r.station(), value, at, changes);
        case STATE -> onState(r.station(), Values.text(value), null, at, changes);
        case FAULT_CODE -> onFaultCode(r.station(), Values.text(value), at, changes);
      }
    }
    return changes.step();
  }

  /** A unit label was scanned at a station that learns its unit by scan. */
  public Step unitScanned(String station, String serial, Instant at) {
    StationMemory m = memory.get(station);
    if (m == null) {
      throw new IllegalArgumentException("no station '" + station + "' on this line");
    }
    m.scannedUnit = serial;
    Changes changes = new Changes();
    changes.touch(station);
    verdict(stations.get(station), serial, changes);
    return changes.step();
  }

  /**
   * The agent lost sight of the signals {@code affected} selects (a PLC session, a Sparkplug device
   * death): their stations go to state UNKNOWN until their signals speak again.
   */
  public Step onSourceDown(Predicate<SignalBinding> affected, String reason, Instant at) {
    Changes changes = new Changes();
    for (StationConfig s : stations.values()) {
      boolean hit = false;
      for (Map.Entry<SignalBinding, List<Route>> e : routes.entrySet()) {
        if (affected.test(e.getKey()) && e.getValue().stream().anyMatch(r -> r.station() == s)) {
          hit = true;
          break;
        }
      }
      StationMemory m = memory.get(s.id());
      if (hit) {
        m.lastEdge = null;
        if (!StationState.UNKNOWN.name().equals(m.state)) {
          m.state = StationState.UNKNOWN.name();
          m.faultCode = null;
          changes.add(s.id(), new StationStateChanged(StationState.UNKNOWN, null, reason), at);
        }
      }
    }
    return changes.step();
  }

  private void onCycleSignal(StationConfig s, Object value, Instant at, Changes changes) {
    StationMemory m = memory.get(s.id());
    if (s.signals().cycle().mode() == CycleMode.RISING_EDGE) {
      boolean now = Values.truthy(value);
      Boolean before = m.lastEdge;
      m.lastEdge = now;
      if (Boolean.FALSE.equals(before) && now) {
        cycle(s, at, true, changes);
      }
      return;
    }
    Long c = Values.counter(value);
    if (c == null) {
      log.warn(
          "Station {}: cycle counter value '{}' is not a whole number; ignored", s.id(), value);
      return;
    }
    Long last = m.counter;
    if (last == null || c.equals(last)) {
      if (last == null) {
        log.info("Station {}: cycle counter starts at {}", s.id(), c);
        m.counter = c;
        changes.touch(s.id());
      }
      return;
    }
    long missed;
    if (c > last) {
      missed = c - last - 1;
    } else if (c == 0) {
      log.warn("Station {}: cycle counter reset from {} to 0", s.id(), last);
      m.counter = c;
      changes.touch(s.id());
      return;
    } else {
      log.warn("Station {}: cycle counter went back from {} to {}", s.id(), last, c);
      missed = c - 1;
    }
    if (missed > 0) {
      reportGap(s, last, c, missed, at, changes);
    }
    m.counter = c;
    cycle(s, at, missed == 0, changes);
  }

  private void reportGap(
      StationConfig s, long from, long to, long missed, Instant at, Changes changes) {
    StationMemory m = memory.get(s.id());
    String since = m.lastCycleAt == null ? "the last cycle seen" : m.lastCycleAt.toString();
    String reason =
        "%d cycle(s) (counter %d to %d) completed between %s and %s while the agent could not see them; their results are not known"
            .formatted(missed, from + 1, to - 1, since, at);
    log.warn("Station {}: {}", s.id(), reason);
    StationState state = currentState(s);
    changes.add(
        s.id(),
        new StationStateChanged(state, state == StationState.FAULT ? m.faultCode : null, reason),
        at);
  }

  private StationState currentState(StationConfig s) {
    var st = s.signals().state();
    if (st != null) {
      String raw = Values.text(reader.read(List.of(st.binding())).get(st.binding()));
      StationState mapped = raw == null ? null : st.codes().get(raw);
      if (mapped != null) {
        return mapped;
      }
    }
    String known = memory.get(s.id()).state;
    return known == null ? StationState.UNKNOWN : StationState.valueOf(known);
  }

  private void cycle(StationConfig s, Instant at, boolean contiguous, Changes changes) {
    StationMemory m = memory.get(s.id());
    Signals sig = s.signals();
    Map<SignalBinding, Object> snap = reader.read(snapshotBindings(s));
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
    String held = unit == null ? null : holdReason.apply(unit);
    if (held != null) {
      log.warn("Station {}: unit {} is held ({}); its cycle is recorded NOK", s.id(), unit, held);
      result = Result.NOK;
      failureCode = HELD_FAILURE;
      values.put("holdReason", held.length() > 500 ? held.substring(0, 500) : held);
    }
    verdict(s, unit, changes); // again at the end of the cycle: a hold may have come or gone
    m.lastCycleAt = at;
    m.partPresentAt = null;
    changes.touch(s.id());
    if (unit == null) {
      desync(
          s,
          "%s completed (%s%s) but the unit is not known: %s"
              .formatted(
                  s.signals().cycle().mode() == CycleMode.COUNTER
                      ? "cycle #" + m.counter
                      : "a cycle",
                  result,
                  failureCode == null ? "" : " " + failureCode,
                  noUnitReason(s)),
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
    handOver(s, unit, result, at, changes);
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

  private String unit(StationConfig s, StationMemory m, Map<SignalBinding, Object> snap) {
    UnitSource source = s.unit();
    return switch (source.mode()) {
      case SIGNAL -> Values.text(snap.get(s.signals().unitId()));
      case SCAN -> {
        String scanned = m.scannedUnit;
        m.scannedUnit = null;
        yield scanned;
      }
      case FIFO -> m.fifo.pollFirst();
    };
  }

  private static String noUnitReason(StationConfig s) {
    return switch (s.unit().mode()) {
      case SIGNAL -> "the PLC's unit identifier is empty";
      case SCAN -> "no unit was scanned at the station";
      case FIFO -> "the hand-over buffer from " + s.unit().from() + " is empty";
    };
  }

  private void handOver(
      StationConfig from, String unit, Result result, Instant at, Changes changes) {
    for (StationConfig s : stations.values()) {
      UnitSource u = s.unit();
      if (u.mode() != UnitSource.Mode.FIFO || !from.id().equals(u.from())) {
        continue;
      }
      if (result == Result.NOK && !u.passNok()) {
        continue;
      }
      StationMemory m = memory.get(s.id());
      m.fifo.addLast(unit);
      changes.touch(s.id());
      if (m.fifo.size() > u.capacity()) {
        String dropped = m.fifo.pollFirst();
        desync(
            s,
            "hand-over buffer from %s is full (capacity %d): unit %s dropped without being processed"
                .formatted(from.id(), u.capacity(), dropped),
            at,
            changes);
      }
    }
  }

  /** Tells the PLC whether the unit now at the station may be processed, where it listens. */
  private void verdict(StationConfig s, String unit, Changes changes) {
    if (unit == null || s.signals().agentResult() == null) {
      return;
    }
    boolean held = holdReason.apply(unit) != null;
    changes.output(s.id(), s.signals().agentResult(), held ? AGENT_NOK : AGENT_OK);
  }

  private void desync(StationConfig s, String reason, Instant at, Changes changes) {
    log.error("Station {}: unit tracking out of step: {}", s.id(), reason);
    memory.get(s.id()).desynchronized = true;
    changes.add(s.id(), new StationStateChanged(StationState.FAULT, TRACKING_FAULT, reason), at);
  }

  private void onState(
      StationConfig s, String raw, String faultOverride, Instant at, Changes changes) {
    StationMemory m = memory.get(s.id());
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
        fault =
            Values.text(reader.read(List.of(s.signals().faultCode())).get(s.signals().faultCode()));
      }
    }
    if (state.name().equals(m.state) && java.util.Objects.equals(fault, m.faultCode)) {
      return;
    }
    m.state = state.name();
    m.faultCode = fault;
    changes.add(s.id(), new StationStateChanged(state, fault, reason), at);
  }

  private void onFaultCode(StationConfig s, String code, Instant at, Changes changes) {
    StationMemory m = memory.get(s.id());
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

  private static List<SignalBinding> snapshotBindings(StationConfig s) {
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

  /** Collects the events and touched station memories of one step. */
  private final class Changes {
    private final List<Draft> events = new ArrayList<>();
    private final Set<String> touched = new LinkedHashSet<>();
    private final List<Step.Output> outputs = new ArrayList<>();

    void output(String station, SignalBinding binding, Object value) {
      outputs.add(new Step.Output(station, binding, value));
    }

    void add(String station, EventPayload payload, Instant at) {
      events.add(new Draft(station, payload, at));
      touched.add(station);
    }

    void touch(String station) {
      touched.add(station);
    }

    Step step() {
      if (events.isEmpty() && touched.isEmpty() && outputs.isEmpty()) {
        return Step.NOTHING;
      }
      Map<String, String> saved = new LinkedHashMap<>();
      for (String station : touched) {
        saved.put(key(station), memory.get(station).save());
      }
      return new Step(events, saved, outputs);
    }
  }
}
