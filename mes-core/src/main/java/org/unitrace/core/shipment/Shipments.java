package org.unitrace.core.shipment;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.imports.ImportRejected;
import org.unitrace.core.imports.RowProblem;
import org.unitrace.core.location.HistoryEntry;
import org.unitrace.core.location.Place;
import org.unitrace.core.location.UnitDesk;
import org.unitrace.core.location.UnitState;
import org.unitrace.core.stolen.StolenReports;

/**
 * Ships and receives. A shipment goes as a whole or not at all: a held, scrapped, stolen or
 * already-shipped unit refuses it, each named with its reason (and its row, from a CSV).
 */
@Service
public class Shipments {

  private final JdbcClient jdbc;
  private final UnitDesk desk;
  private final AuditLog audit;
  private final ShipmentViews views;
  private final ShipmentChecks checks;
  private final ShipmentReceipts receipts;
  private final ApplicationEventPublisher published;

  Shipments(
      JdbcClient jdbc,
      UnitDesk desk,
      AuditLog audit,
      ShipmentViews views,
      ShipmentChecks checks,
      ShipmentReceipts receipts,
      ApplicationEventPublisher published) {
    this.jdbc = jdbc;
    this.desk = desk;
    this.audit = audit;
    this.views = views;
    this.checks = checks;
    this.receipts = receipts;
    this.published = published;
  }

  /** What a shipment says of itself; {@code row} is its first CSV row, null from JSON. */
  record Header(
      Integer row,
      String reference,
      String shipToCustomer,
      String shipToLocation,
      String carrier,
      String trackingRef,
      String shippedAt) {}

  /** One serial packed; {@code packageRef} null for a unit shipped loose. */
  record Item(
      Integer row,
      String serialField,
      String serial,
      String packageRef,
      String packageKind,
      String sscc) {}

  record Planned(Header header, List<Item> items) {}

  @Transactional
  List<ShipmentViews.Shipment> ship(List<Planned> planned, String by) {
    for (Planned p : planned) {
      desk.seen(
          p.items().stream().map(Item::serial).filter(Objects::nonNull).toList(),
          "shipping desk",
          "shipment to %s by %s".formatted(destination(p.header()), by));
    }
    List<RowProblem> problems = new ArrayList<>();
    List<Instant> times = new ArrayList<>();
    Map<String, Item> seen = new HashMap<>();
    for (Planned p : planned) {
      times.add(checks.checkHeader(p.header(), problems));
      ShipmentChecks.checkItems(p.items(), seen, problems);
    }
    if (!problems.isEmpty()) {
      throw new ImportRejected(problems);
    }
    Map<String, UnitState> states = desk.lock(seen.keySet());
    Map<String, StolenReports.Report> flagged = desk.stolen(seen.keySet());
    for (Planned p : planned) {
      for (Item i : p.items()) {
        String refusal = ShipmentChecks.refusal(states.get(i.serial()), flagged.get(i.serial()));
        if (refusal != null) {
          problems.add(new RowProblem(i.row(), i.serialField(), refusal));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ImportRejected(problems, true);
    }
    List<ShipmentViews.Shipment> shipped = new ArrayList<>();
    for (int n = 0; n < planned.size(); n++) {
      shipped.add(apply(planned.get(n), times.get(n), states, by));
    }
    return shipped;
  }

  private ShipmentViews.Shipment apply(
      Planned p, Instant at, Map<String, UnitState> states, String by) {
    Header h = p.header();
    long id =
        jdbc.sql(
                """
                INSERT INTO shipment (reference, ship_to_customer, ship_to_location, carrier,
                                      tracking_ref, shipped_at, shipped_by)
                VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id
                """)
            .params(
                h.reference(),
                h.shipToCustomer(),
                h.shipToLocation(),
                h.carrier(),
                h.trackingRef(),
                Timestamp.from(at),
                by)
            .query(Long.class)
            .single();
    Map<String, Long> packageIds = new HashMap<>();
    for (Item i : p.items()) {
      if (i.packageRef() != null && !packageIds.containsKey(i.packageRef())) {
        packageIds.put(
            i.packageRef(),
            jdbc.sql(
                    """
                    INSERT INTO shipment_package (shipment_id, reference, kind, sscc)
                    VALUES (?, ?, ?, ?) RETURNING id
                    """)
                .params(
                    id,
                    i.packageRef(),
                    i.packageKind() == null ? "PACKAGE" : i.packageKind(),
                    i.sscc())
                .query(Long.class)
                .single());
      }
    }
    List<String> serials = p.items().stream().map(Item::serial).toList();
    jdbc.sql(
            """
            INSERT INTO shipment_unit (shipment_id, serial, package_id, from_location)
            SELECT ?, s, pk, loc FROM unnest(?::text[], ?::bigint[], ?::text[]) AS t(s, pk, loc)
            """)
        .params(
            id,
            serials.toArray(String[]::new),
            p.items().stream().map(i -> packageIds.get(i.packageRef())).toArray(Long[]::new),
            serials.stream()
                .map(s -> states.get(s).place() == null ? null : states.get(s).place().location())
                .toArray(String[]::new))
        .update();
    desk.move(serials, new Place(null, id, null, null), at);
    Map<String, List<String>> byOrigin = new LinkedHashMap<>();
    for (String s : serials) {
      Place from = states.get(s).place();
      byOrigin.computeIfAbsent(from == null ? null : from.label(), k -> new ArrayList<>()).add(s);
    }
    byOrigin.forEach(
        (from, group) ->
            desk.record(
                group,
                at,
                by,
                new HistoryEntry.Shipped(
                    id,
                    destination(h),
                    h.carrier(),
                    h.trackingRef(),
                    new HistoryEntry.Move(
                        from, "shipment #" + id, from == null ? null : desk.siteOf(from)))));
    published.publishEvent(new ShipmentShipped(id, h.shipToCustomer(), h.shipToLocation()));
    ShipmentViews.Shipment shipment = views.find(id);
    audit.record(
        "shipment.create",
        "shipment",
        String.valueOf(id),
        null,
        serials.size() <= 1000 ? shipment : views.summary(id),
        null);
    return shipment;
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
  public java.util.Optional<String> destinationLocation(long id) {
    return java.util.Optional.ofNullable(views.summary(id).shipToLocation());
  }

  private static String destination(Header h) {
    return h.shipToCustomer() != null
        ? "customer '" + h.shipToCustomer() + "'"
        : "location '" + h.shipToLocation() + "'";
  }

  ShipmentViews.Shipment find(long id) {
    return views.find(id);
  }
}
