package org.unitrace.edge.station;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unitrace.contract.EventPayload;
import org.unitrace.contract.EventPayload.Result;
import org.unitrace.contract.EventPayload.StationResult;
import org.unitrace.edge.bom.Bom;
import org.unitrace.edge.bom.BomLookup;
import org.unitrace.edge.config.StationConfig;
import org.unitrace.edge.config.StationConfig.UnitSource;
import org.unitrace.line.gs1.SymbologyIdentifier;
import org.unitrace.line.label.LabelDecoder;
import org.unitrace.line.label.ScannedLabel;
import org.unitrace.line.label.UnreadableLabelException;

/**
 * Component and lot binding: scanned labels become components bound to the unit at the station or
 * lots loaded at it, checked against the BOM of the line's product; at the end of a cycle the unit
 * takes from every loaded lot and must have its required positions filled.
 */
final class ComponentBinding {

  private static final Logger log = LoggerFactory.getLogger(ComponentBinding.class);

  /** Counts a component bound while the BOM was not known yet, by part number. */
  private static final String PART_KEY = "part:";

  /** One label scan being handled: where, on which unit, and what it produces. */
  private record Scan(
      StationConfig station, String unit, ScannedLabel label, Instant at, Changes changes) {}

  private final Line line;
  private final BomLookup boms;
  private final BoundComponents bound;
  private final Map<String, LabelDecoder> decoders = new HashMap<>();

  ComponentBinding(Line line, BomLookup boms, BoundComponents bound) {
    this.line = line;
    this.boms = boms;
    this.bound = bound;
    for (StationConfig s : line.stations()) {
      StationConfig.Binding labels = s.binding();
      decoders.put(
          s.id(),
          labels == null
              ? new LabelDecoder(Map.of(), List.of())
              : new LabelDecoder(labels.gtins(), labels.patterns()));
    }
  }

  /** See {@link LineLogic#labelScanned}. */
  Step labelScanned(String station, String raw, Instant at) {
    StationConfig s = line.station(station);
    ScannedLabel label;
    try {
      label = decoders.get(station).decode(raw);
    } catch (UnreadableLabelException e) {
      if (s.unit().mode() == UnitSource.Mode.SCAN) {
        return line.unitScanned(station, SymbologyIdentifier.strip(raw).data().strip());
      }
      log.error("Station {}: label not bound: {}", station, e.getMessage());
      return Step.NOTHING;
    }
    if (s.unit().mode() == UnitSource.Mode.SCAN
        && label.serial() != null
        && (label.partNumber() == null || label.partNumber().equals(line.product().partNumber()))) {
      return line.unitScanned(station, label.serial());
    }
    if (label.partNumber() == null) {
      log.error(
          "Station {}: label '{}' names no part number (map its GTIN or give a pattern): not bound",
          station,
          raw);
      return Step.NOTHING;
    }
    Changes changes = line.changes();
    String unit = line.currentUnit(s);
    Scan scan = new Scan(s, unit, label, at, changes);
    Bom bom = bomOf(s);
    Bom.Item item =
        bom == null
            ? null
            : bom.positionFor(station, label.partNumber(), label.supplier()).orElse(null);
    if (bom != null && item == null) {
      List<String> expected =
          bom.at(station).stream().map(Bom.Item::componentPartNumber).distinct().toList();
      return refuse(
          scan,
          LineLogic.WRONG_PART,
          "part %s is not in the BOM of %s rev %s at station %s (expected %s)"
              .formatted(label.partNumber(), bom.partNumber(), bom.revision(), station, expected));
    }
    boolean bySerial = item != null ? item.bySerial() : label.serial() != null;
    String position = item == null ? null : item.position();
    if (!bySerial) {
      return load(scan, position);
    }
    if (label.serial() == null) {
      return refuse(
          scan,
          LineLogic.WRONG_PART,
          "label of serialized part %s carries no serial".formatted(label.partNumber()));
    }
    if (unit == null) {
      log.error(
          "Station {}: component {} {} scanned, but no unit is at the station ({}): not bound; scan it again when the unit is there",
          station,
          label.partNumber(),
          label.serial(),
          Line.noUnitReason(s));
      return Step.NOTHING;
    }
    return bind(scan, position);
  }

  /** A lot-tracked part's label: its lot is loaded in the part's slot, replacing what was there. */
  private Step load(Scan scan, String position) {
    ScannedLabel label = scan.label();
    Changes changes = scan.changes();
    Instant at = scan.at();
    String station = scan.station().id();
    StationMemory m = line.memory(station);
    if (label.lot() == null) {
      return refuse(
          scan,
          LineLogic.WRONG_PART,
          "label of lot-tracked part %s carries no lot".formatted(label.partNumber()));
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
          station, new EventPayload.MaterialUnloaded(old.partNumber(), old.lot(), null, slot), at);
    }
    BigDecimal qty = label.quantity() == null ? null : BigDecimal.valueOf(label.quantity());
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

  /** A serialized component's label: it goes into the unit, unless it is in another one. */
  private Step bind(Scan scan, String position) {
    StationConfig s = scan.station();
    String unit = scan.unit();
    ScannedLabel label = scan.label();
    Changes changes = scan.changes();
    Instant at = scan.at();
    String station = s.id();
    StationMemory m = line.memory(station);
    bound.forgetOld(at, changes);
    String boundTo = bound.unitOf(label.serial());
    if (boundTo != null && !boundTo.equals(unit)) {
      return refuse(
          scan,
          LineLogic.ALREADY_BOUND,
          "component %s %s is already in unit %s"
              .formatted(label.partNumber(), label.serial(), boundTo));
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
    bound.bind(label.serial(), unit, at, changes);
    changes.touch(station);
    changes.add(
        station,
        new EventPayload.ComponentBound(
            unit, label.partNumber(), label.serial(), null, label.supplier(), null, position),
        at);
    if (s.signals().agentResult() != null && line.heldReason(unit) == null) {
      changes.output(station, s.signals().agentResult(), LineLogic.AGENT_OK);
    }
    return changes.step();
  }

  /** See {@link LineLogic#unbind}. */
  Step unbind(String station, Unbinding u, Instant at) {
    line.station(station);
    String unit = u.unitSerial();
    String componentSerial = u.componentSerial();
    String lot = u.lot();
    String reason = u.reason();
    if ((componentSerial == null) == (lot == null)) {
      throw new IllegalArgumentException("unbind needs a component serial or a lot, not both");
    }
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("unbind needs a reason");
    }
    Changes changes = line.changes();
    if (componentSerial != null) {
      String boundTo = bound.unitOf(componentSerial);
      if (boundTo != null && !boundTo.equals(unit)) {
        throw new IllegalArgumentException(
            "component %s is in unit %s, not in %s".formatted(componentSerial, boundTo, unit));
      }
      bound.unbind(componentSerial, changes);
    }
    changes.add(
        station,
        new EventPayload.ComponentUnbound(
            unit, u.partNumber(), componentSerial, lot, reason.strip()),
        at);
    return changes.step();
  }

  /** See {@link LineLogic#unload}. */
  Step unload(String station, String slot, BigDecimal remaining, Instant at) {
    StationMemory m = line.memory(station);
    StationMemory.Load load = m.loaded.remove(slot);
    if (load == null) {
      throw new IllegalArgumentException(
          "nothing is loaded in slot '%s' at station %s (loaded: %s)"
              .formatted(slot, station, m.loaded.keySet()));
    }
    Changes changes = line.changes();
    changes.add(
        station,
        new EventPayload.MaterialUnloaded(load.partNumber(), load.lot(), remaining, slot),
        at);
    return changes.step();
  }

  /** What is loaded at a station now, by slot: part number and lot. */
  Map<String, String> loaded(String station) {
    Map<String, String> view = new LinkedHashMap<>();
    line.memory(station)
        .loaded
        .forEach((slot, l) -> view.put(slot, l.partNumber() + " " + l.lot()));
    return view;
  }

  /** Refuses a scan: NOK to the PLC and, when a unit is there, a NOK result saying why. */
  private Step refuse(Scan scan, String code, String why) {
    StationConfig s = scan.station();
    Changes changes = scan.changes();
    log.warn("Station {}: scan refused ({}): {}", s.id(), code, why);
    if (s.signals().agentResult() != null) {
      changes.output(s.id(), s.signals().agentResult(), LineLogic.AGENT_NOK);
    }
    if (scan.unit() != null) {
      String raw = scan.label().raw();
      Map<String, Object> values = new LinkedHashMap<>();
      values.put("reason", why.length() > 500 ? why.substring(0, 500) : why);
      values.put("label", raw.length() > 500 ? raw.substring(0, 500) : raw);
      changes.add(
          s.id(), new StationResult(scan.unit(), Result.NOK, code, null, values), scan.at());
    }
    return changes.step();
  }

  private Bom bomOf(StationConfig s) {
    if (s.binding() != null && !s.binding().bomCheck()) {
      return null;
    }
    Line.Product p = line.product();
    return p.partNumber() == null ? null : boms.bom(p.partNumber(), p.revision()).orElse(null);
  }

  /**
   * At the end of a cycle: the unit takes from every lot loaded at the station, and the station's
   * required serialized positions must be filled. Returns the positions left unfilled.
   */
  List<String> consumeAtCompletion(StationConfig s, String unit, Instant at, Changes changes) {
    StationMemory m = line.memory(s.id());
    Bom bom = bomOf(s);
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
    List<String> missing = bom == null ? List.of() : unfilled(bom, s, m, unit);
    m.bindingUnit = null;
    m.boundPositions.clear();
    return missing;
  }

  private static List<String> unfilled(Bom bom, StationConfig s, StationMemory m, String unit) {
    List<String> missing = new ArrayList<>();
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
    return missing;
  }
}
