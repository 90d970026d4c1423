package org.unitrace.core.shipment;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.location.HistoryEntry;
import org.unitrace.core.location.Place;
import org.unitrace.core.location.UnitDesk;
import org.unitrace.core.location.UnitState;

/**
 * Writes a checked shipment, set-based: one statement for the header, one for its packages and
 * units together, one moving the units onto it, one appending to their timelines per place they
 * left from (one, usually); then the audit record. The same few statements for 10,000 serials as
 * for one, and the answer is what the inserts return: nothing is read back.
 */
@Component
@RequiredArgsConstructor
class ShipmentWriter {

  /** Above this many units the audit record keeps the header and count, not every unit. */
  private static final int AUDITED_UNITS = 1000;

  private final JdbcClient jdbc;
  private final UnitDesk desk;
  private final AuditLog audit;
  private final ApplicationEventPublisher published;

  /** Ships {@code p} at {@code at}; {@code states} holds each unit's locked state (its origin). */
  ShipmentViews.Shipment write(
      PlannedShipment p, Instant at, Map<String, UnitState> states, String by) {
    PlannedShipment.Header h = p.header();
    ShipmentViews.Shipment header = header(h, at, by);
    long id = header.id();
    List<String> serials = p.serials();
    ShipmentViews.Shipment shipment = header.withUnits(packAll(id, p.items(), states));
    desk.move(serials, new Place(null, id, null, null), at);
    byOrigin(serials, states)
        .forEach(
            (from, group) ->
                desk.record(
                    group,
                    at,
                    by,
                    new HistoryEntry.Shipped(
                        id,
                        h.destination(),
                        h.carrier(),
                        h.trackingRef(),
                        new HistoryEntry.Move(
                            from, "shipment #" + id, from == null ? null : desk.siteOf(from)))));
    published.publishEvent(new ShipmentShipped(id, h.shipToCustomer(), h.shipToLocation()));
    audit.record(
        "shipment.create",
        "shipment",
        String.valueOf(id),
        null,
        serials.size() <= AUDITED_UNITS ? shipment : shipment.withoutUnits(),
        null);
    return shipment;
  }

  private ShipmentViews.Shipment header(PlannedShipment.Header h, Instant at, String by) {
    return jdbc.sql(
            """
            INSERT INTO shipment (reference, ship_to_customer, ship_to_location, carrier,
                                  tracking_ref, shipped_at, shipped_by)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            RETURNING %s, 0 AS unit_count
            """
                .formatted(ShipmentViews.Shipment.COLUMNS))
        .params(
            h.reference(),
            h.shipToCustomer(),
            h.shipToLocation(),
            h.carrier(),
            h.trackingRef(),
            Timestamp.from(at),
            by)
        .query(ShipmentViews.Shipment.HEADER)
        .single();
  }

  /**
   * The packages (each once, as its first item names it, numbered in that order: labels print
   * "package 1 of n" by id) and every unit in its package or loose, with the location it leaves
   * from, in one statement that answers the units packed as {@link ShipmentViews#find} lists them.
   */
  private List<ShipmentViews.PackedUnit> packAll(
      long id, List<PlannedShipment.Item> items, Map<String, UnitState> states) {
    Map<String, PlannedShipment.Item> packages = new LinkedHashMap<>();
    items.stream()
        .filter(i -> i.packageRef() != null)
        .forEach(i -> packages.putIfAbsent(i.packageRef(), i));
    return jdbc.sql(
            """
            WITH package AS (
              INSERT INTO shipment_package (shipment_id, reference, kind, sscc)
              SELECT :id, ref, coalesce(kind, 'PACKAGE'), sscc
                FROM unnest(:packageRefs::text[], :kinds::text[], :ssccs::text[])
                     WITH ORDINALITY AS p(ref, kind, sscc, n)
               ORDER BY n
              RETURNING id, reference, kind, sscc
            ), packed AS (
              INSERT INTO shipment_unit (shipment_id, serial, package_id, from_location)
              SELECT :id, u.serial, package.id, u.from_location
                FROM unnest(:serials::text[], :unitPackages::text[], :fromLocations::text[])
                     AS u(serial, package_ref, from_location)
                LEFT JOIN package ON package.reference = u.package_ref
              RETURNING serial, package_id
            )
            SELECT packed.serial, package.reference AS package_ref, package.kind AS package_kind,
                   package.sscc
              FROM packed LEFT JOIN package ON package.id = packed.package_id
             ORDER BY package.reference NULLS FIRST, packed.serial
            """)
        .param("id", id)
        .param("packageRefs", packages.keySet().toArray(String[]::new))
        .param(
            "kinds",
            packages.values().stream()
                .map(PlannedShipment.Item::packageKind)
                .toArray(String[]::new))
        .param(
            "ssccs",
            packages.values().stream().map(PlannedShipment.Item::sscc).toArray(String[]::new))
        .param("serials", items.stream().map(PlannedShipment.Item::serial).toArray(String[]::new))
        .param(
            "unitPackages",
            items.stream().map(PlannedShipment.Item::packageRef).toArray(String[]::new))
        .param(
            "fromLocations",
            items.stream()
                .map(i -> states.get(i.serial()).place())
                .map(place -> place == null ? null : place.location())
                .toArray(String[]::new))
        .query(ShipmentViews.PackedUnit.ROW)
        .list();
  }

  /** The serials grouped by the place they leave from (its label; null for none), in order. */
  private static Map<String, List<String>> byOrigin(
      List<String> serials, Map<String, UnitState> states) {
    Map<String, List<String>> byOrigin = new LinkedHashMap<>();
    for (String s : serials) {
      Place from = states.get(s).place();
      byOrigin.computeIfAbsent(from == null ? null : from.label(), k -> new ArrayList<>()).add(s);
    }
    return byOrigin;
  }
}
