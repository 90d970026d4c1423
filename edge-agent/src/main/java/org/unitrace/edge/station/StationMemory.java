package org.unitrace.edge.station;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What the agent must remember about a station across restarts: the last cycle counter reported (so
 * a restart neither repeats nor skips a cycle), the units handed over but not yet processed, and
 * the last state reported. Saved in the outbox with the events it produced.
 */
final class StationMemory {

  private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

  Long counter;

  /**
   * The highest counter the PLC notified, which can trail {@link #counter} when a cycle's data were
   * read ahead (not saved: after a restart the first notification is the PLC's current count).
   */
  Long notified;

  Instant lastCycleAt;
  Instant partPresentAt;
  Boolean lastEdge;
  final Deque<String> fifo = new ArrayDeque<>();
  String state;
  String faultCode;
  String scannedUnit;
  boolean desynchronized;

  /** Marking: the unit marked for the part now present (cleared when it leaves); not re-marked. */
  String markedUnit;

  /** Marking: a marking cycle is running on the devices' thread. */
  boolean marking;

  /** Marking: the run (and its product) the station last serialized for. */
  String runId;

  String runPartNumber;
  String runRevision;

  /** Material loaded at the station, by slot: every unit processed here takes from it. */
  final java.util.Map<String, Load> loaded = new java.util.LinkedHashMap<>();

  /** The unit the station's component scans go to, and how many it got per BOM position. */
  String bindingUnit;

  final java.util.Map<String, Integer> boundPositions = new java.util.LinkedHashMap<>();

  /** A lot loaded in a slot. */
  record Load(String partNumber, String lot, String supplier, java.math.BigDecimal quantity) {}

  /** The persisted part; edges and part-present times are re-learned from the PLC. */
  record Saved(
      Long counter,
      Instant lastCycleAt,
      List<String> fifo,
      String state,
      String faultCode,
      String scannedUnit,
      String markedUnit,
      String runId,
      String runPartNumber,
      String runRevision,
      java.util.Map<String, Load> loaded,
      String bindingUnit,
      java.util.Map<String, Integer> boundPositions) {}

  String save() {
    try {
      return JSON.writeValueAsString(
          new Saved(
              counter,
              lastCycleAt,
              new ArrayList<>(fifo),
              state,
              faultCode,
              scannedUnit,
              markedUnit,
              runId,
              runPartNumber,
              runRevision,
              loaded,
              bindingUnit,
              boundPositions));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("station memory cannot be written: " + e.getMessage(), e);
    }
  }

  static StationMemory restore(String json) {
    StationMemory m = new StationMemory();
    if (json == null) {
      return m;
    }
    try {
      Saved s = JSON.readValue(json, Saved.class);
      m.counter = s.counter();
      m.lastCycleAt = s.lastCycleAt();
      if (s.fifo() != null) {
        m.fifo.addAll(s.fifo());
      }
      m.state = s.state();
      m.faultCode = s.faultCode();
      m.scannedUnit = s.scannedUnit();
      m.markedUnit = s.markedUnit();
      m.runId = s.runId();
      m.runPartNumber = s.runPartNumber();
      m.runRevision = s.runRevision();
      if (s.loaded() != null) {
        m.loaded.putAll(s.loaded());
      }
      m.bindingUnit = s.bindingUnit();
      if (s.boundPositions() != null) {
        m.boundPositions.putAll(s.boundPositions());
      }
      return m;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("station memory cannot be read: " + e.getMessage(), e);
    }
  }
}
