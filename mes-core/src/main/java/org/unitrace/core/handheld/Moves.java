package org.unitrace.core.handheld;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.location.Locations;
import org.unitrace.core.location.Place;
import org.unitrace.core.location.Stock;
import org.unitrace.core.location.Transfers;
import org.unitrace.core.location.UnitState;
import org.unitrace.core.shipment.Shipments;
import org.unitrace.core.system.ConflictException;
import org.unitrace.core.system.NotFoundException;

/**
 * Receiving and transferring by scan: one scanned code (a serial, or the SSCC of a package or
 * pallet that was shipped) puts its units at the desk's location. The server, not the device,
 * decides from where, so a scan queued offline means the same when it arrives: RECEIVE takes units
 * from no location yet (completed on a line), from another of our locations (arriving by transfer),
 * or from a shipment in transit to one of our locations (the whole shipment is received); TRANSFER
 * takes units from a location only, and from {@code from} when the device names it. A stolen or
 * lost unit is refused, with its alert raised.
 */
@Service
@RequiredArgsConstructor
class Moves {

  enum Mode {
    RECEIVE,
    TRANSFER
  }

  private final Scans scans;
  private final Stock stock;
  private final Locations locations;
  private final Transfers transfers;
  private final Shipments shipments;

  record Moved(String serial, String from, String to) {}

  record Outcome(
      Mode mode,
      String to,
      Scans.Answer scan,
      List<Moved> moved,
      List<Long> transfers,
      List<Long> shipmentsReceived) {}

  @Transactional
  Outcome move(Mode mode, String from, String to, Scans.Scan scan, String note, String by) {
    if (to == null) {
      throw new IllegalArgumentException(
          "'to' is required: scan the location the units go to first");
    }
    locations.require(to, "to");
    if (from != null) {
      locations.require(from, "from");
    }
    Scans.Answer answer = scans.record(scan, by);
    List<String> serials = answer.units().stream().map(Scans.Unit::serial).toList();
    if (serials.isEmpty()) {
      throw new NotFoundException("package with SSCC", scan.sscc());
    }
    answer.units().stream()
        .filter(u -> u.stolen() != null)
        .findFirst()
        .ifPresent(
            u -> {
              throw new ConflictException(
                  "unit '%s' is %s: not moved; alert raised"
                      .formatted(u.serial(), u.stolen().describe()));
            });
    Map<String, UnitState> states = stock.lock(serials);
    Map<String, List<String>> byOrigin = new LinkedHashMap<>();
    List<Long> shipmentsReceived = new ArrayList<>();
    List<Moved> moved = new ArrayList<>();
    for (String serial : serials) {
      UnitState s = states.get(serial);
      if (!s.known()) {
        throw new NotFoundException("unit", serial);
      }
      Place p = s.place();
      if (p != null && to.equals(p.location())) {
        continue; // already here: a second scan of the same unit changes nothing
      }
      if (mode == Mode.TRANSFER && (p == null || p.location() == null)) {
        throw new ConflictException(
            "unit '%s' is %s: a transfer moves units between locations; receive it instead"
                .formatted(serial, p == null ? "at no location yet" : p.describe()));
      }
      if (from != null && (p == null || !from.equals(p.location()))) {
        throw new ConflictException(
            "unit '%s' is not at source location '%s': it is %s"
                .formatted(serial, from, p == null ? "at no location yet" : p.describe()));
      }
      if (p != null && p.customer() != null) {
        throw new ConflictException(
            "unit '%s' is %s: take it back through the returns desk"
                .formatted(serial, p.describe()));
      }
      if (p != null && p.shipmentId() != null) {
        if (!shipmentsReceived.contains(p.shipmentId())) {
          receive(p.shipmentId(), serial, to, by)
              .forEach(r -> moved.add(new Moved(r, "shipment #" + p.shipmentId(), to)));
          shipmentsReceived.add(p.shipmentId());
        }
        continue;
      }
      byOrigin.computeIfAbsent(p == null ? "" : p.location(), k -> new ArrayList<>()).add(serial);
    }
    List<Long> done = new ArrayList<>();
    byOrigin.forEach(
        (origin, group) -> {
          String source = origin.isEmpty() ? null : origin;
          done.add(transfers.move(group, source, to, note, by).id());
          group.forEach(g -> moved.add(new Moved(g, source, to)));
        });
    return new Outcome(mode, to, answer, moved, done, shipmentsReceived);
  }

  private List<String> receive(long shipment, String serial, String to, String by) {
    String destination =
        shipments
            .destinationLocation(shipment)
            .orElseThrow(
                () ->
                    new ConflictException(
                        "unit '%s' is on shipment #%d to a customer: it cannot be received here"
                            .formatted(serial, shipment)));
    if (!Objects.equals(locations.siteOf(destination), locations.siteOf(to))) {
      throw new ConflictException(
          "unit '%s' is on shipment #%d to '%s', at another site than '%s'"
              .formatted(serial, shipment, destination, to));
    }
    return shipments.receiveUnits(shipment, to, by);
  }
}
