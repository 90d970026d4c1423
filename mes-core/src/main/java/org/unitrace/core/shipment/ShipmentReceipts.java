package org.unitrace.core.shipment;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.location.HistoryEntry;
import org.unitrace.core.location.Place;
import org.unitrace.core.location.UnitDesk;
import org.unitrace.core.system.ConflictException;

/** Receives a shipment at its destination, once: the units move to the customer or our location. */
@Service
@RequiredArgsConstructor
class ShipmentReceipts {

  private final JdbcClient jdbc;
  private final UnitDesk desk;
  private final AuditLog audit;
  private final ShipmentViews views;

  /** Receipt at the destination: a customer's, or our location (the ship-to or one under it). */
  @Transactional
  ShipmentViews.Shipment receive(long id, String location, String by) {
    ShipmentViews.Shipment before = views.summary(id);
    jdbc.sql("SELECT id FROM shipment WHERE id = ? FOR UPDATE").param(id).query(Long.class).list();
    if (before.receivedAt() != null) {
      throw new ConflictException(
          "shipment %d was received already, on %s by %s"
              .formatted(id, before.receivedAt(), before.receivedBy()));
    }
    Place to;
    if (before.shipToCustomer() != null) {
      if (location != null) {
        throw new IllegalArgumentException(
            "shipment %d goes to customer '%s': receipt takes no location"
                .formatted(id, before.shipToCustomer()));
      }
      to = new Place(null, null, before.shipToCustomer(), null);
    } else {
      String target = location == null ? before.shipToLocation() : location;
      desk.require(target, "location");
      to = new Place(target, null, null, null);
    }
    List<String> serials =
        jdbc.sql("SELECT serial FROM unit_place WHERE shipment_id = ? ORDER BY serial FOR UPDATE")
            .param(id)
            .query(String.class)
            .list();
    Instant at = Instant.now();
    jdbc.sql(
            "UPDATE shipment SET received_at = ?, received_by = ?, received_location = ?"
                + " WHERE id = ?")
        .params(Timestamp.from(at), by, to.location(), id)
        .update();
    desk.move(serials, to, at);
    desk.record(
        serials,
        at,
        by,
        new HistoryEntry.Received(
            id,
            new HistoryEntry.Move(
                "shipment #" + id,
                to.label(),
                to.location() == null ? null : desk.siteOf(to.location()))));
    ShipmentViews.Shipment after = views.summary(id);
    audit.record("shipment.receive", "shipment", String.valueOf(id), before, after, null);
    return views.find(id);
  }
}
