package org.unitrace.edge.station;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unitrace.contract.EventPayload.Result;
import org.unitrace.contract.EventPayload.StationState;
import org.unitrace.contract.EventPayload.StationStateChanged;
import org.unitrace.edge.config.LineConfig;
import org.unitrace.edge.config.SignalBinding;
import org.unitrace.edge.config.StationConfig;
import org.unitrace.edge.config.StationConfig.UnitSource;
import org.unitrace.edge.state.AgentState;

/**
 * The stations of one line with what the agent remembers of each, and what every concern of the
 * station logic does to them alike: tell the PLC whether a unit may be processed, hand a unit over
 * downstream, say that unit tracking is out of step.
 */
final class Line {

  private static final Logger log = LoggerFactory.getLogger(Line.class);

  /** The part number and revision the line is building; both null before its first run. */
  record Product(String partNumber, String revision) {}

  private final Map<String, StationConfig> stations = new LinkedHashMap<>();
  private final Map<String, StationMemory> memory = new HashMap<>();
  private final SignalReader reader;
  private final Function<String, String> holdReason;

  Line(
      LineConfig config,
      Map<String, String> saved,
      SignalReader reader,
      Function<String, String> holdReason) {
    this.reader = reader;
    this.holdReason = holdReason;
    for (StationConfig s : config.stations()) {
      stations.put(s.id(), s);
      memory.put(s.id(), StationMemory.restore(saved.get(key(s.id()))));
    }
  }

  /** Where a station's memory is saved. */
  static String key(String station) {
    return AgentState.Kind.STATION.key(station);
  }

  Collection<StationConfig> stations() {
    return stations.values();
  }

  /** The station's configuration; a station the line does not have is the caller's error. */
  StationConfig station(String id) {
    StationConfig s = stations.get(id);
    if (s == null) {
      throw new IllegalArgumentException("no station '" + id + "' on this line");
    }
    return s;
  }

  StationMemory memory(String station) {
    StationMemory m = memory.get(station);
    if (m == null) {
      throw new IllegalArgumentException("no station '" + station + "' on this line");
    }
    return m;
  }

  Changes changes() {
    return new Changes(this);
  }

  Map<SignalBinding, Object> read(Collection<SignalBinding> bindings) {
    return reader.read(bindings);
  }

  /** One signal's value now, as text; null when it cannot be read. */
  String readText(SignalBinding binding) {
    return Values.text(reader.read(List.of(binding)).get(binding));
  }

  /** Why quality holds the unit, or null when it does not. */
  String heldReason(String unit) {
    return holdReason.apply(unit);
  }

  /** Tells the PLC whether the unit now at the station may be processed, where it listens. */
  void verdict(StationConfig s, String unit, Changes changes) {
    if (unit == null || s.signals().agentResult() == null) {
      return;
    }
    boolean held = heldReason(unit) != null;
    changes.output(
        s.id(), s.signals().agentResult(), held ? LineLogic.AGENT_NOK : LineLogic.AGENT_OK);
  }

  void desync(StationConfig s, String reason, java.time.Instant at, Changes changes) {
    log.error("Station {}: unit tracking out of step: {}", s.id(), reason);
    memory(s.id()).desynchronized = true;
    changes.add(
        s.id(), new StationStateChanged(StationState.FAULT, LineLogic.TRACKING_FAULT, reason), at);
  }

  /** A unit leaves {@code from}: it joins the hand-over buffer of every station fed from there. */
  void handOver(
      StationConfig from, String unit, Result result, java.time.Instant at, Changes changes) {
    for (StationConfig s : stations.values()) {
      UnitSource u = s.unit();
      if (u.mode() != UnitSource.Mode.FIFO || !from.id().equals(u.from())) {
        continue;
      }
      if (result == Result.NOK && !u.passNok()) {
        continue;
      }
      StationMemory m = memory(s.id());
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

  /** The unit at a station now, without consuming it. */
  String currentUnit(StationConfig s) {
    StationMemory m = memory(s.id());
    return switch (s.unit().mode()) {
      case SIGNAL -> readText(s.signals().unitId());
      case SCAN -> m.scannedUnit;
      case FIFO -> m.fifo.peekFirst();
      case MARKED -> m.markedUnit;
    };
  }

  static String noUnitReason(StationConfig s) {
    return switch (s.unit().mode()) {
      case SIGNAL -> "the PLC's unit identifier is empty";
      case SCAN -> "no unit was scanned at the station";
      case FIFO -> "the hand-over buffer from " + s.unit().from() + " is empty";
      case MARKED -> "no part was marked";
    };
  }

  /** The product the line is building: the run its marking station serializes. */
  Product product() {
    for (StationConfig s : stations.values()) {
      StationMemory m = memory(s.id());
      if (s.kind() == StationConfig.Kind.MARKING && m.runPartNumber != null) {
        return new Product(m.runPartNumber, m.runRevision);
      }
    }
    return new Product(null, null);
  }

  /** A unit label was scanned at a station that learns its unit by scan. */
  Step unitScanned(String station, String serial) {
    StationMemory m = memory(station);
    m.scannedUnit = serial;
    Changes changes = changes();
    changes.touch(station);
    verdict(station(station), serial, changes);
    return changes.step();
  }
}
