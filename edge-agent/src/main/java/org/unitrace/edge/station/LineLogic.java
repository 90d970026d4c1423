package org.unitrace.edge.station;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.unitrace.edge.bom.BomLookup;
import org.unitrace.edge.config.LineConfig;
import org.unitrace.edge.config.SignalBinding;
import org.unitrace.edge.config.StationConfig;
import org.unitrace.edge.config.StationConfig.CycleMode;
import org.unitrace.edge.config.StationConfig.Signals;
import org.unitrace.edge.config.StationConfig.UnitSource;

/**
 * The stations of one line: routes each signal change, scan and marking outcome to the concern it
 * belongs to ({@link CycleTracking}, {@link Marking}, {@link ComponentBinding}) and returns what
 * they produced as one {@link Step}. Not thread-safe: the agent calls it from one thread, and
 * appends each {@link Step} to the outbox before the next call.
 */
public final class LineLogic {

  /** The fault code of the state event that says the agent lost track of which unit is where. */
  public static final String TRACKING_FAULT = "UNIT_TRACKING";

  /** What the agent writes to a station's agentResult output: the unit may be processed. */
  public static final short AGENT_OK = 1;

  /** ... or must not (held by quality). */
  public static final short AGENT_NOK = 2;

  /** The failure code of a cycle on a unit that quality holds. */
  public static final String HELD_FAILURE = "UNIT_HELD";

  /** Failure code of a scan of a part the station's BOM positions do not take. */
  public static final String WRONG_PART = "WRONG_PART";

  /** Failure code of a scan of a serialized component already bound to another unit. */
  public static final String ALREADY_BOUND = "COMPONENT_ALREADY_BOUND";

  /** Failure code of a cycle that ended with required BOM positions of the station unfilled. */
  public static final String MISSING_COMPONENT = "MISSING_COMPONENT";

  private enum Role {
    UNIT_ID,
    PART_PRESENT,
    CYCLE,
    STATE,
    FAULT_CODE
  }

  private record Route(StationConfig station, Role role) {}

  private final Map<SignalBinding, List<Route>> routes = new HashMap<>();
  private final Set<SignalBinding> bindings = new LinkedHashSet<>();
  private final Line line;
  private final CycleTracking cycles;
  private final Marking marking;
  private final ComponentBinding components;

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
    Duration keepBoundFor =
        config.outbox() == null ? Duration.ofDays(90) : config.outbox().keepBoundFor();
    this.line = new Line(config, saved, reader, holdReason);
    this.components = new ComponentBinding(line, boms, new BoundComponents(saved, keepBoundFor));
    this.cycles = new CycleTracking(line, components);
    this.marking = new Marking(line, boms);
    for (StationConfig s : config.stations()) {
      listen(s);
    }
  }

  private void listen(StationConfig s) {
    if (s.marking() != null) {
      StationConfig.Marking mk = s.marking();
      for (var v : Arrays.asList(mk.runId(), mk.partNumber(), mk.revision(), mk.shift())) {
        if (v != null && v.signal() != null) {
          bindings.add(v.signal());
        }
      }
    }
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
    bindings.addAll(CycleTracking.snapshotBindings(s));
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
    return List.copyOf(line.memory(station).fifo);
  }

  /** The last cycle counter the station reported, or null before its first value. */
  public Long counter(String station) {
    return line.memory(station).counter;
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
        reads.addAll(CycleTracking.withCounter(s));
      } else if (Values.truthy(value)) {
        reads.addAll(CycleTracking.snapshotBindings(s));
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
    return cycles.withEarlyReads(readOnArrival, () -> dispatch(targets, value, at));
  }

  private Step dispatch(List<Route> targets, Object value, Instant at) {
    Changes changes = line.changes();
    for (Route r : targets) {
      StationConfig s = r.station();
      switch (r.role()) {
        case UNIT_ID -> line.verdict(s, Values.text(value), changes);
        case PART_PRESENT -> {
          if (s.kind() == StationConfig.Kind.MARKING) {
            marking.partPresent(s, Values.truthy(value), at, changes);
          } else if (Values.truthy(value)) {
            cycles.partPresent(s, at, changes);
          }
        }
        case CYCLE -> cycles.onCycleSignal(s, value, at, changes);
        case STATE -> cycles.onState(s, Values.text(value), null, at, changes);
        case FAULT_CODE -> cycles.onFaultCode(s, Values.text(value), at, changes);
      }
    }
    return changes.step();
  }

  /**
   * The agent lost sight of the signals {@code affected} selects (a PLC session, a Sparkplug device
   * death): their stations go to state UNKNOWN until their signals speak again.
   */
  public Step onSourceDown(Predicate<SignalBinding> affected, String reason, Instant at) {
    Changes changes = line.changes();
    for (StationConfig s : line.stations()) {
      boolean hit = false;
      for (Map.Entry<SignalBinding, List<Route>> e : routes.entrySet()) {
        if (affected.test(e.getKey()) && e.getValue().stream().anyMatch(r -> r.station() == s)) {
          hit = true;
          break;
        }
      }
      if (hit) {
        cycles.sourceDown(s, reason, at, changes);
      }
    }
    return changes.step();
  }

  /**
   * A marking cycle ended. A serial whose mark passed becomes the station's unit ({@code
   * UnitSerialized}, {@code MarkVerified}, an OK result, hand-over downstream); one whose mark
   * failed is reported with why and bound to nothing, and the PLC gets NOK.
   */
  public Step marked(MarkOutcome o) {
    return marking.marked(o);
  }

  /**
   * A label was scanned at a station: a serialized component goes into the unit at the station, a
   * lot-tracked one is loaded as the station's material, the unit's own label (at a station that
   * learns its unit by scan) says which unit is there. A part the BOM does not take there, or a
   * component already in another unit, is refused: NOK to the PLC and a NOK result saying why.
   */
  public Step labelScanned(String station, String raw, Instant at) {
    return components.labelScanned(station, raw, at);
  }

  /** Rework: a component taken out of a unit, with why; its history stays in the record. */
  public Step unbind(String station, Unbinding unbinding, Instant at) {
    return components.unbind(station, unbinding, at);
  }

  /** The material in a slot ran out or was taken off the station. */
  public Step unload(String station, String slot, BigDecimal remaining, Instant at) {
    return components.unload(station, slot, remaining, at);
  }

  /** The serial marked on the part now at a marking station, or null when none is there. */
  public String markedUnit(String station) {
    return line.memory(station).markedUnit;
  }

  /** What is loaded at a station now, by slot: part number and lot. */
  public Map<String, String> loaded(String station) {
    return components.loaded(station);
  }
}
