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
import org.unitrace.edge.bom.Bom;
import org.unitrace.edge.bom.BomLookup;
import org.unitrace.edge.config.LineConfig;
import org.unitrace.edge.config.SignalBinding;
import org.unitrace.edge.config.StationConfig;
import org.unitrace.edge.config.StationConfig.CycleMode;
import org.unitrace.edge.config.StationConfig.Signals;
import org.unitrace.edge.config.StationConfig.UnitSource;
import org.unitrace.line.label.LabelDecoder;
import org.unitrace.line.label.ScannedLabel;
import org.unitrace.line.label.UnreadableLabelException;

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

  /** What was read when the signal being handled arrived (see {@link #readsOn}). */
  private Map<SignalBinding, Object> early = Map.of();

  private final Function<String, String> holdReason;
  private final BomLookup boms;
  private final Map<String, LabelDecoder> decoders = new HashMap<>();

  /**
   * Serialized components this line has bound in the last {@code keepBoundFor}: to the unit they
   * went into and when. Kept as {@code bound.<serial>} = {@code <unit> <epoch ms>} in the outbox.
   */
  private final Map<String, Bound> boundComponents = new HashMap<>();

  private record Bound(String unit, Instant at) {
    String saved() {
      return unit + " " + at.toEpochMilli();
    }

    /** A value an agent before the time was kept wrote had the unit only: kept from now on. */
    static Bound restore(String saved, Instant now) {
      int space = saved.indexOf(' ');
      if (space < 0) {
        return new Bound(saved, now);
      }
      return new Bound(
          saved.substring(0, space),
          Instant.ofEpochMilli(Long.parseLong(saved.substring(space + 1))));
    }
  }

  private final java.time.Duration keepBoundFor;
  private Instant boundPrunedAt = Instant.MIN;

  /** Failure code of a scan of a part the station's BOM positions do not take. */
  public static final String WRONG_PART = "WRONG_PART";

  /** Failure code of a scan of a serialized component already bound to another unit. */
  public static final String ALREADY_BOUND = "COMPONENT_ALREADY_BOUND";

  /** Failure code of a cycle that ended with required BOM positions of the station unfilled. */
  public static final String MISSING_COMPONENT = "MISSING_COMPONENT";

  private static final String BOUND_PREFIX = "bound.";

  /** Counts a component bound while the BOM was not known yet, by part number. */
  private static final String PART_KEY = "part:";

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
    this(config, saved, reader, holdReason, BomLookup.NONE);
  }

  /** {@code boms} gives the BOM of the run's product revision, when the agent has it. */
  public LineLogic(
      LineConfig config,
      Map<String, String> saved,
      SignalReader reader,
      Function<String, String> holdReason,
      BomLookup boms) {
    this.reader = reader;
    this.holdReason = holdReason;
    this.boms = boms;
    this.keepBoundFor =
        config.outbox() == null ? java.time.Duration.ofDays(90) : config.outbox().keepBoundFor();
    Instant now = Instant.now();
    saved.forEach(
        (k, v) -> {
          if (k.startsWith(BOUND_PREFIX) && !v.isEmpty()) {
            boundComponents.put(k.substring(BOUND_PREFIX.length()), Bound.restore(v, now));
          }
        });
    for (StationConfig s : config.stations()) {
      StationConfig.Binding labels = s.binding();
      decoders.put(
          s.id(),
          labels == null
              ? new LabelDecoder(Map.of(), List.of())
              : new LabelDecoder(labels.gtins(), labels.patterns()));
      if (s.marking() != null) {
        for (var v :
            java.util.Arrays.asList(
                s.marking().runId(),
                s.marking().partNumber(),
                s.marking().revision(),
                s.marking().shift())) {
          if (v != null && v.signal() != null) {
            bindings.add(v.signal());
          }
        }
      }
      stations.put(s.id(), s);
      memory.put(s.id(), StationMemory.restore(saved.get(key(s.id()))));
      Signals sig = s.signals();
      route(sig.partPresent(), s, Role.PART_PRESENT);
      route(sig.cycle() == null ? null : sig.cycle().binding(), s, Role.CYCLE);
      route(sig.state() == null ? null : sig.state().binding(), s, Role.STATE);
      route(sig.faultCode(), s, Role.FAULT_CODE);
      if (sig.cycle() != null && sig.cycle().acknowledge() != null) {
        bindings.add(sig.cycle().acknowledge()); // written and read at start: its source knows it
      }
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
    return onSignal(binding, value, at, Map.of());
  }

  /**
   * What a change of this binding to this value will read from the PLC: a cycle's snapshot and, for
   * a counter, the counter with it. The agent reads them the moment the change arrives, before the
   * work queued ahead of it is done, and passes them to {@link #onSignal(SignalBinding, Object,
   * Instant, Map)}: in counter mode the PLC overwrites a cycle's values with the next cycle's, so a
   * read that waits behind earlier cycles' disk writes finds them gone. Reads only the
   * configuration, so any thread may call it.
   */
  public List<SignalBinding> readsOn(SignalBinding binding, Object value) {
    List<Route> targets = routes.get(binding);
    if (targets == null) {
      return List.of();
    }
    List<SignalBinding> reads = new ArrayList<>();
    for (Route r : targets) {
      if (r.role() != Role.CYCLE) {
        continue;
      }
      StationConfig s = r.station();
      if (s.signals().cycle().mode() != CycleMode.RISING_EDGE) {
        reads.addAll(withCounter(s));
      } else if (Values.truthy(value)) {
        reads.addAll(snapshotBindings(s));
      }
    }
    return reads;
  }

  /**
   * A signal's new value, with what was read from the PLC when it arrived ({@link #readsOn}): reads
   * the logic would make of those bindings take these values instead.
   */
  public Step onSignal(
      SignalBinding binding, Object value, Instant at, Map<SignalBinding, Object> readOnArrival) {
    List<Route> targets = routes.get(binding);
    if (targets == null) {
      return Step.NOTHING;
    }
    early = readOnArrival;
    try {
      return dispatch(targets, value, at);
    } finally {
      early = Map.of();
    }
  }

  private Step dispatch(List<Route> targets, Object value, Instant at) {
    Changes changes = new Changes();
    for (Route r : targets) {
      switch (r.role()) {
        case UNIT_ID -> verdict(r.station(), Values.text(value), changes);
        case PART_PRESENT -> {
          if (r.station().kind() == StationConfig.Kind.MARKING) {
            partAtMarking(r.station(), Values.truthy(value), at, changes);
          } else if (Values.truthy(value)) {
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
    Long last = m.counter;
    if (last == null && handshake) {
      // a PLC holding a cycle nobody acknowledged: it is this agent's to record
      Long acked =
          Values.counter(
              reader
                  .read(List.of(s.signals().cycle().acknowledge()))
                  .get(s.signals().cycle().acknowledge()));
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
        changes.output(s.id(), s.signals().cycle().acknowledge(), value);
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
        changes.output(s.id(), s.signals().cycle().acknowledge(), value); // never stall the line
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
      changes.output(
          s.id(), s.signals().cycle().acknowledge(), cycle == c ? value : Long.valueOf(cycle));
    }
  }

  /** The values read when the signal being handled arrived, else a read now. */
  private Map<SignalBinding, Object> readNow(List<SignalBinding> bindings) {
    if (!early.isEmpty() && early.keySet().containsAll(bindings)) {
      Map<SignalBinding, Object> values = new HashMap<>();
      bindings.forEach(b -> values.put(b, early.get(b)));
      return values;
    }
    return reader.read(bindings);
  }

  /** The cycle's snapshot and, in the same read, the cycle counter. */
  private static List<SignalBinding> withCounter(StationConfig s) {
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
    StationMemory m = memory.get(s.id());
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
    StationMemory m = memory.get(s.id());
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
    String held = unit == null ? null : holdReason.apply(unit);
    if (held != null) {
      log.warn("Station {}: unit {} is held ({}); its cycle is recorded NOK", s.id(), unit, held);
      result = Result.NOK;
      failureCode = HELD_FAILURE;
      values.put("holdReason", held.length() > 500 ? held.substring(0, 500) : held);
    }
    if (unit != null) {
      List<String> missing = consumeAtCompletion(s, m, unit, at, changes);
      if (!missing.isEmpty() && result == Result.OK) {
        result = Result.NOK;
        failureCode = MISSING_COMPONENT;
        values.put("missing", String.join(", ", missing));
        log.warn("Station {}: unit {} completed without {}", s.id(), unit, missing);
      }
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
    if (s.completes() && result == Result.OK) {
      changes.add(
          s.id(),
          new EventPayload.UnitStatusChanged(
              unit,
              EventPayload.UnitStatus.COMPLETED,
              "passed " + s.id() + ", the line's last step"),
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
      case MARKED -> m.markedUnit;
    };
  }

  private static String noUnitReason(StationConfig s) {
    return switch (s.unit().mode()) {
      case SIGNAL -> "the PLC's unit identifier is empty";
      case SCAN -> "no unit was scanned at the station";
      case FIFO -> "the hand-over buffer from " + s.unit().from() + " is empty";
      case MARKED -> "no part was marked";
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

  // ---- marking ----------------------------------------------------------------------------

  private void partAtMarking(StationConfig s, boolean present, Instant at, Changes changes) {
    StationMemory m = memory.get(s.id());
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
        changes.output(s.id(), s.signals().agentResult(), AGENT_NOK);
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
    String text = Values.text(reader.read(List.of(v.signal())).get(v.signal()));
    return text == null || text.isBlank() ? null : text.strip();
  }

  /**
   * A marking cycle ended. A serial whose mark passed becomes the station's unit ({@code
   * UnitSerialized}, {@code MarkVerified}, an OK result, hand-over downstream); one whose mark
   * failed is reported with why and bound to nothing, and the PLC gets NOK.
   */
  public Step marked(MarkOutcome o) {
    String station = o.request().station();
    StationConfig s = stations.get(station);
    StationMemory m = memory.get(station);
    m.marking = false;
    Changes changes = new Changes();
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
      handOver(s, o.serial(), Result.OK, at, changes);
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
      changes.output(station, s.signals().agentResult(), o.passed() ? AGENT_OK : AGENT_NOK);
    }
    return changes.step();
  }

  private static String clip(String text) {
    return text == null || text.length() <= 4096 ? text : text.substring(0, 4096);
  }

  // ---- component and material binding ------------------------------------------------------

  /**
   * A label was scanned at a station: a serialized component goes into the unit at the station, a
   * lot-tracked one is loaded as the station's material, the unit's own label (at a station that
   * learns its unit by scan) says which unit is there. A part the BOM does not take there, or a
   * component already in another unit, is refused: NOK to the PLC and a NOK result saying why.
   */
  /**
   * Once an hour at most: forgets the components bound longer than {@code keepBoundFor} ago, in the
   * outbox too, so the agent's memory and file do not grow with every unit it ever made.
   */
  private void forgetOldBindings(Instant at, Changes changes) {
    if (boundPrunedAt.plus(java.time.Duration.ofHours(1)).isAfter(at)) {
      return;
    }
    boundPrunedAt = at;
    Instant before = at.minus(keepBoundFor);
    int forgotten = 0;
    for (var it = boundComponents.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (e.getValue().at().isBefore(before)) {
        it.remove();
        changes.remember(BOUND_PREFIX + e.getKey(), "");
        forgotten++;
      }
    }
    if (forgotten > 0) {
      log.info(
          "Forgot {} component(s) bound before {} (outbox.keepBoundFor {}); {} remembered",
          forgotten,
          before,
          keepBoundFor,
          boundComponents.size());
    }
  }

  public Step labelScanned(String station, String raw, Instant at) {
    StationConfig s = stations.get(station);
    if (s == null) {
      throw new IllegalArgumentException("no station '" + station + "' on this line");
    }
    StationMemory m = memory.get(station);
    Changes changes = new Changes();
    ScannedLabel label;
    try {
      label = decoders.get(station).decode(raw);
    } catch (UnreadableLabelException e) {
      if (s.unit().mode() == UnitSource.Mode.SCAN) {
        return unitScanned(
            station, org.unitrace.line.gs1.SymbologyIdentifier.strip(raw).data().strip(), at);
      }
      log.error("Station {}: label not bound: {}", station, e.getMessage());
      return Step.NOTHING;
    }
    if (s.unit().mode() == UnitSource.Mode.SCAN
        && label.serial() != null
        && (label.partNumber() == null || label.partNumber().equals(product()[0]))) {
      return unitScanned(station, label.serial(), at);
    }
    if (label.partNumber() == null) {
      log.error(
          "Station {}: label '{}' names no part number (map its GTIN or give a pattern): not bound",
          station,
          raw);
      return Step.NOTHING;
    }
    String unit = currentUnit(s, m);
    Bom bom = bomOf(s);
    Bom.Item item =
        bom == null
            ? null
            : bom.positionFor(station, label.partNumber(), label.supplier()).orElse(null);
    if (bom != null && item == null) {
      List<String> expected =
          bom.at(station).stream().map(Bom.Item::componentPartNumber).distinct().toList();
      refuse(
          s,
          unit,
          WRONG_PART,
          "part %s is not in the BOM of %s rev %s at station %s (expected %s)"
              .formatted(label.partNumber(), bom.partNumber(), bom.revision(), station, expected),
          label,
          at,
          changes);
      return changes.step();
    }
    boolean bySerial = item != null ? item.bySerial() : label.serial() != null;
    String position = item == null ? null : item.position();
    if (!bySerial) {
      if (label.lot() == null) {
        refuse(
            s,
            unit,
            WRONG_PART,
            "label of lot-tracked part %s carries no lot".formatted(label.partNumber()),
            label,
            at,
            changes);
        return changes.step();
      }
      String slot = position != null ? position : label.partNumber();
      if (!slot.equals(label.partNumber())) {
        // loaded before the BOM was known, under its part number: the new lot replaces it too
        StationMemory.Load stale = m.loaded.remove(label.partNumber());
        if (stale != null && stale.partNumber().equals(label.partNumber())) {
          changes.add(
              station,
              new EventPayload.MaterialUnloaded(
                  stale.partNumber(), stale.lot(), null, label.partNumber()),
              at);
        } else if (stale != null) {
          m.loaded.put(label.partNumber(), stale);
        }
      }
      StationMemory.Load old = m.loaded.get(slot);
      if (old != null
          && old.lot().equals(label.lot())
          && old.partNumber().equals(label.partNumber())) {
        return Step.NOTHING; // the same reel scanned again
      }
      if (old != null) {
        changes.add(
            station,
            new EventPayload.MaterialUnloaded(old.partNumber(), old.lot(), null, slot),
            at);
      }
      java.math.BigDecimal qty =
          label.quantity() == null ? null : java.math.BigDecimal.valueOf(label.quantity());
      m.loaded.put(
          slot, new StationMemory.Load(label.partNumber(), label.lot(), label.supplier(), qty));
      changes.add(
          station,
          new EventPayload.MaterialLoaded(
              label.partNumber(), label.lot(), label.supplier(), qty, slot),
          at);
      log.info(
          "Station {}: lot {} of {} loaded in slot {}",
          station,
          label.lot(),
          label.partNumber(),
          slot);
      return changes.step();
    }
    if (label.serial() == null) {
      refuse(
          s,
          unit,
          WRONG_PART,
          "label of serialized part %s carries no serial".formatted(label.partNumber()),
          label,
          at,
          changes);
      return changes.step();
    }
    if (unit == null) {
      log.error(
          "Station {}: component {} {} scanned, but no unit is at the station ({}): not bound; scan it again when the unit is there",
          station,
          label.partNumber(),
          label.serial(),
          noUnitReason(s));
      return Step.NOTHING;
    }
    forgetOldBindings(at, changes);
    Bound bound = boundComponents.get(label.serial());
    String boundTo = bound == null ? null : bound.unit();
    if (boundTo != null && !boundTo.equals(unit)) {
      refuse(
          s,
          unit,
          ALREADY_BOUND,
          "component %s %s is already in unit %s"
              .formatted(label.partNumber(), label.serial(), boundTo),
          label,
          at,
          changes);
      return changes.step();
    }
    if (unit.equals(boundTo)) {
      return Step.NOTHING; // scanned twice for the same unit
    }
    if (!unit.equals(m.bindingUnit)) {
      m.bindingUnit = unit;
      m.boundPositions.clear();
    }
    m.boundPositions.merge(
        position != null ? position : PART_KEY + label.partNumber(), 1, Integer::sum);
    Bound now = new Bound(unit, at);
    boundComponents.put(label.serial(), now);
    changes.remember(BOUND_PREFIX + label.serial(), now.saved());
    changes.touch(station);
    changes.add(
        station,
        new EventPayload.ComponentBound(
            unit, label.partNumber(), label.serial(), null, label.supplier(), null, position),
        at);
    if (s.signals().agentResult() != null && holdReason.apply(unit) == null) {
      changes.output(station, s.signals().agentResult(), AGENT_OK);
    }
    return changes.step();
  }

  /** Rework: a component taken out of a unit, with why; its history stays in the record. */
  public Step unbind(
      String station,
      String unit,
      String partNumber,
      String componentSerial,
      String lot,
      String reason,
      Instant at) {
    if (!stations.containsKey(station)) {
      throw new IllegalArgumentException("no station '" + station + "' on this line");
    }
    if ((componentSerial == null) == (lot == null)) {
      throw new IllegalArgumentException("unbind needs a component serial or a lot, not both");
    }
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("unbind needs a reason");
    }
    Changes changes = new Changes();
    if (componentSerial != null) {
      Bound bound = boundComponents.get(componentSerial);
      String boundTo = bound == null ? null : bound.unit();
      if (boundTo != null && !boundTo.equals(unit)) {
        throw new IllegalArgumentException(
            "component %s is in unit %s, not in %s".formatted(componentSerial, boundTo, unit));
      }
      boundComponents.remove(componentSerial);
      changes.remember(BOUND_PREFIX + componentSerial, "");
    }
    changes.add(
        station,
        new EventPayload.ComponentUnbound(unit, partNumber, componentSerial, lot, reason.strip()),
        at);
    return changes.step();
  }

  /** The material in a slot ran out or was taken off the station. */
  public Step unload(String station, String slot, java.math.BigDecimal remaining, Instant at) {
    StationMemory m = memory.get(station);
    if (m == null) {
      throw new IllegalArgumentException("no station '" + station + "' on this line");
    }
    StationMemory.Load load = m.loaded.remove(slot);
    if (load == null) {
      throw new IllegalArgumentException(
          "nothing is loaded in slot '%s' at station %s (loaded: %s)"
              .formatted(slot, station, m.loaded.keySet()));
    }
    Changes changes = new Changes();
    changes.add(
        station,
        new EventPayload.MaterialUnloaded(load.partNumber(), load.lot(), remaining, slot),
        at);
    return changes.step();
  }

  /** The serial marked on the part now at a marking station, or null when none is there. */
  public String markedUnit(String station) {
    return memory.get(station).markedUnit;
  }

  /** What is loaded at a station now, by slot: part number and lot. */
  public Map<String, String> loaded(String station) {
    Map<String, String> view = new LinkedHashMap<>();
    memory.get(station).loaded.forEach((slot, l) -> view.put(slot, l.partNumber() + " " + l.lot()));
    return view;
  }

  private void refuse(
      StationConfig s,
      String unit,
      String code,
      String why,
      ScannedLabel label,
      Instant at,
      Changes changes) {
    log.warn("Station {}: scan refused ({}): {}", s.id(), code, why);
    if (s.signals().agentResult() != null) {
      changes.output(s.id(), s.signals().agentResult(), AGENT_NOK);
    }
    if (unit == null) {
      return;
    }
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("reason", why.length() > 500 ? why.substring(0, 500) : why);
    values.put("label", label.raw().length() > 500 ? label.raw().substring(0, 500) : label.raw());
    changes.add(s.id(), new StationResult(unit, Result.NOK, code, null, values), at);
  }

  /** The unit at a station now, without consuming it. */
  private String currentUnit(StationConfig s, StationMemory m) {
    return switch (s.unit().mode()) {
      case SIGNAL ->
          Values.text(reader.read(List.of(s.signals().unitId())).get(s.signals().unitId()));
      case SCAN -> m.scannedUnit;
      case FIFO -> m.fifo.peekFirst();
      case MARKED -> m.markedUnit;
    };
  }

  /** The part number and revision the line is building: the run its marking station serializes. */
  private String[] product() {
    for (StationConfig s : stations.values()) {
      StationMemory m = memory.get(s.id());
      if (s.kind() == StationConfig.Kind.MARKING && m.runPartNumber != null) {
        return new String[] {m.runPartNumber, m.runRevision};
      }
    }
    return new String[] {null, null};
  }

  private Bom bomOf(StationConfig s) {
    if (s.binding() != null && !s.binding().bomCheck()) {
      return null;
    }
    String[] p = product();
    return p[0] == null ? null : boms.bom(p[0], p[1]).orElse(null);
  }

  /**
   * At the end of a cycle: the unit takes from every lot loaded at the station, and the station's
   * required serialized positions must be filled. Returns the positions left unfilled.
   */
  private List<String> consumeAtCompletion(
      StationConfig s, StationMemory m, String unit, Instant at, Changes changes) {
    Bom bom = bomOf(s);
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, StationMemory.Load> e : m.loaded.entrySet()) {
      StationMemory.Load l = e.getValue();
      Bom.Item item =
          bom == null ? null : bom.positionFor(s.id(), l.partNumber(), l.supplier()).orElse(null);
      changes.add(
          s.id(),
          new EventPayload.ComponentBound(
              unit,
              l.partNumber(),
              null,
              l.lot(),
              l.supplier(),
              item == null ? null : item.quantity(),
              item == null ? e.getKey() : item.position()),
          at);
    }
    if (bom != null) {
      Map<String, Integer> got = unit.equals(m.bindingUnit) ? m.boundPositions : Map.of();
      for (Bom.Item item : bom.at(s.id())) {
        if (!item.required()) {
          continue;
        }
        if (item.bySerial()) {
          int filled = got.getOrDefault(item.position(), 0);
          for (Map.Entry<String, Integer> g : got.entrySet()) {
            if (g.getKey().startsWith(PART_KEY)
                && item.accepts(g.getKey().substring(PART_KEY.length()), null)) {
              filled += g.getValue();
            }
          }
          if (filled < item.quantity().intValue()) {
            missing.add(item.position() + " (" + item.componentPartNumber() + ")");
          }
        } else if (m.loaded.values().stream()
            .noneMatch(l -> item.accepts(l.partNumber(), l.supplier()))) {
          missing.add(item.position() + " (" + item.componentPartNumber() + ", no lot loaded)");
        }
      }
    }
    m.bindingUnit = null;
    m.boundPositions.clear();
    return missing;
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
    private final List<Step.Event> events = new ArrayList<>();
    private final Set<String> touched = new LinkedHashSet<>();
    private final List<Step.Output> outputs = new ArrayList<>();
    private final List<Step.MarkRequest> marks = new ArrayList<>();
    private final Map<String, String> extra = new LinkedHashMap<>();

    void mark(Step.MarkRequest request) {
      marks.add(request);
    }

    /** State outside a station's memory, e.g. which unit a component went into. */
    void remember(String key, String value) {
      extra.put(key, value);
    }

    void output(String station, SignalBinding binding, Object value) {
      outputs.add(new Step.Output(station, binding, value));
    }

    void add(String station, EventPayload payload, Instant at) {
      events.add(new Step.Event(station, payload, at));
      touched.add(station);
    }

    void touch(String station) {
      touched.add(station);
    }

    Step step() {
      if (events.isEmpty() && touched.isEmpty() && outputs.isEmpty() && marks.isEmpty()) {
        return Step.NOTHING;
      }
      Map<String, String> saved = new LinkedHashMap<>(extra);
      for (String station : touched) {
        saved.put(key(station), memory.get(station).save());
      }
      return new Step(events, saved, outputs, marks);
    }
  }
}
