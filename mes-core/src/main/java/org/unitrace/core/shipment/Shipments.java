package org.unitrace.core.shipment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.location.UnitState;

/**
 * Ships and receives. A shipment goes as a whole or not at all: a malformed one is refused first
 * ({@link ShipmentChecks}), then a held, scrapped, stolen or already-shipped unit refuses it, each
 * named with its reason (and its row, from a CSV) ({@link ShipmentRefusals}); only then is it
 * written ({@link ShipmentWriter}).
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class Shipments {

  private final ShipmentChecks checks;
  private final ShipmentRefusals refusals;
  private final ShipmentWriter writer;
  private final ShipmentReceipts receipts;
  private final ShipmentViews views;

  @Transactional
  List<ShipmentViews.Shipment> ship(List<PlannedShipment> planned, String by) {
    refusals.seen(planned, by);
    Map<String, PlannedShipment.Item> serials = new LinkedHashMap<>();
    List<Instant> times = checks.check(planned, serials);
    Map<String, UnitState> states = refusals.lockOrRefuse(planned, serials.keySet());
    List<ShipmentViews.Shipment> shipped = new ArrayList<>();
    for (int n = 0; n < planned.size(); n++) {
      shipped.add(writer.write(planned.get(n), times.get(n), states, by));
    }
    return shipped;
  }

  /**
   * Receives shipment {@code id} at our {@code location} for a desk outside this package (the
   * handheld receiving page); answers the serials received.
   */
  @Transactional
  public List<String> receiveUnits(long id, String location, String by) {
    return receipts.receive(id, location, by).units().stream()
        .map(ShipmentViews.PackedUnit::serial)
        .toList();
  }

  /** Where a shipment goes: our location's code, or null when it goes to a customer. */
  public Optional<String> destinationLocation(long id) {
    return Optional.ofNullable(views.summary(id).shipToLocation());
  }

  ShipmentViews.Shipment find(long id) {
    return views.find(id);
  }
}
