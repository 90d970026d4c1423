package org.unitrace.core.returns;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.location.Locations;
import org.unitrace.core.location.Place;
import org.unitrace.core.location.Stock;
import org.unitrace.core.location.UnitHistory;
import org.unitrace.core.location.UnitState;
import org.unitrace.core.sales.Customers;
import org.unitrace.core.sales.Sales;
import org.unitrace.core.stolen.Alerts;
import org.unitrace.core.stolen.StolenReports;
import org.unitrace.core.system.ConflictException;
import org.unitrace.core.system.NotFoundException;

/**
 * Returns: authorised only for a serial the customer bought (its active sale), then received at a
 * location, inspected, and disposed of. Each step checks the one before, so the record reads as the
 * unit's real path.
 */
@Service
class Returns {

  static final List<String> DISPOSITIONS = List.of("REPAIR", "REPLACE", "REFUND", "SCRAP");

  private final JdbcClient jdbc;
  private final Customers customers;
  private final Sales sales;
  private final Stock stock;
  private final Locations locations;
  private final StolenReports stolen;
  private final Alerts alerts;
  private final UnitHistory history;
  private final AuditLog audit;

  Returns(
      JdbcClient jdbc,
      Customers customers,
      Sales sales,
      Stock stock,
      Locations locations,
      StolenReports stolen,
      Alerts alerts,
      UnitHistory history,
      AuditLog audit) {
    this.jdbc = jdbc;
    this.customers = customers;
    this.sales = sales;
    this.stock = stock;
    this.locations = locations;
    this.stolen = stolen;
    this.alerts = alerts;
    this.history = history;
    this.audit = audit;
  }

  record Rma(
      long id,
      String serial,
      String customer,
      long saleId,
      String complaint,
      String status,
      String authorisedBy,
      OffsetDateTime authorisedAt,
      String receivedBy,
      OffsetDateTime receivedAt,
      String receivedLocation,
      String findings,
      String disposition,
      String inspectedBy,
      OffsetDateTime inspectedAt,
      String replacementSerial,
      OffsetDateTime closedAt) {}

  /**
   * Authorises a return. A stolen or lost serial raises an alert (kept even though the return is
   * then refused) and is refused.
   */
  @Transactional
  Rma authorise(String serial, String customer, String complaint, String desk, String by) {
    if (serial == null || customer == null) {
      throw new IllegalArgumentException("'serial' and 'customer' are required");
    }
    List<Alerts.Alert> raised =
        alerts.seen(
            List.of(serial),
            desk == null ? "return desk" : "return desk at '" + desk + "'",
            "return authorisation for customer '%s' by %s".formatted(customer, by));
    audit.requireReason(complaint, "authorising a return of " + serial);
    if (!customers.exists(customer)) {
      throw new NotFoundException("customer", customer);
    }
    UnitState unit = stock.lock(List.of(serial)).get(serial);
    if (!unit.known()) {
      throw new NotFoundException("unit", serial);
    }
    StolenReports.Report report = stolen.open(List.of(serial)).get(serial);
    if (report != null) {
      throw new ConflictException(
          "return of unit '%s' refused: it is %s; alert #%d raised"
              .formatted(serial, report.describe(), raised.isEmpty() ? 0 : raised.get(0).id()));
    }
    Sales.Sale sale =
        sales
            .active(serial)
            .filter(s -> s.customer().equals(customer))
            .orElseThrow(
                () ->
                    new ConflictException(
                        ("return of unit '%s' refused: customer '%s' did not buy it (no active"
                                + " sale of it to that customer)")
                            .formatted(serial, customer)));
    Long open =
        jdbc.sql("SELECT id FROM rma WHERE serial = ? AND status <> 'CLOSED'")
            .param(serial)
            .query(Long.class)
            .optional()
            .orElse(null);
    if (open != null) {
      throw new ConflictException(
          "unit '%s' has an open return already: RMA #%d".formatted(serial, open));
    }
    long id =
        jdbc.sql(
                """
                INSERT INTO rma (serial, customer, sale_id, complaint, status, authorised_by)
                VALUES (?, ?, ?, ?, 'AUTHORISED', ?) RETURNING id
                """)
            .params(serial, customer, sale.id(), complaint.strip(), by)
            .query(Long.class)
            .single();
    history.record(
        List.of(serial),
        "ReturnAuthorised",
        Instant.now(),
        by,
        null,
        null,
        null,
        UnitHistory.details("rma", id, "customer", customer, "complaint", complaint.strip()));
    Rma rma = find(id);
    audit.record("rma.authorise", "rma", String.valueOf(id), null, rma, complaint);
    return rma;
  }

  @Transactional
  Rma receive(long id, String location, String by) {
    Rma before = lockIn(id, "AUTHORISED", "receive");
    alerts.seen(
        List.of(before.serial()),
        "return desk at '" + location + "'",
        "receipt of RMA #%d by %s".formatted(id, by));
    if (location == null) {
      throw new IllegalArgumentException("'location' is required: where the returned unit is");
    }
    locations.require(location, "location");
    Place from = stock.lock(List.of(before.serial())).get(before.serial()).place();
    Instant now = Instant.now();
    stock.move(List.of(before.serial()), new Place(location, null, null, null), now);
    jdbc.sql(
            "UPDATE rma SET status = 'RECEIVED', received_by = ?, received_at = ?,"
                + " received_location = ? WHERE id = ?")
        .params(by, java.sql.Timestamp.from(now), location, id)
        .update();
    history.record(
        List.of(before.serial()),
        "ReturnReceived",
        now,
        by,
        from == null ? null : from.label(),
        location,
        locations.siteOf(location),
        UnitHistory.details("rma", id));
    Rma after = find(id);
    audit.record("rma.receive", "rma", String.valueOf(id), before, after, null);
    return after;
  }

  /**
   * Records the inspection and the disposition. REFUND and SCRAP end the sale (SCRAP also scraps
   * the unit), REPLACE hands over {@code replacementSerial} on the same order; all three close the
   * return. REPAIR leaves it open for the repair.
   */
  @Transactional
  Rma inspect(long id, String findings, String disposition, String replacementSerial, String by) {
    Rma before = lockIn(id, "RECEIVED", "inspect");
    audit.requireReason(findings, "inspecting RMA #" + id);
    String d = disposition == null ? null : disposition.strip().toUpperCase();
    if (!DISPOSITIONS.contains(d)) {
      throw new IllegalArgumentException(
          "'disposition' must be one of " + DISPOSITIONS + ", was " + disposition);
    }
    Sales.Sale sale = sales.active(before.serial()).orElse(null);
    if (d.equals("REPLACE")) {
      replace(before, sale, replacementSerial, by);
    } else if (replacementSerial != null) {
      throw new IllegalArgumentException("'replacementSerial' goes with disposition REPLACE only");
    }
    if (!d.equals("REPAIR") && sale != null) {
      sales.end(sale, "%s on RMA #%d".formatted(d.toLowerCase(), id));
    }
    if (d.equals("SCRAP")) {
      jdbc.sql(
              "UPDATE unit SET status = 'SCRAPPED', status_reason = ?, status_changed_at = now()"
                  + " WHERE serial = ?")
          .params("scrapped on RMA #" + id + ": " + findings.strip(), before.serial())
          .update();
    }
    jdbc.sql(
            """
            UPDATE rma SET status = ?, findings = ?, disposition = ?, inspected_by = ?,
                   inspected_at = now(), replacement_serial = ?,
                   closed_at = CASE WHEN ? = 'REPAIR' THEN NULL ELSE now() END
             WHERE id = ?
            """)
        .params(
            d.equals("REPAIR") ? "INSPECTED" : "CLOSED",
            findings.strip(),
            d,
            by,
            replacementSerial,
            d,
            id)
        .update();
    history.record(
        List.of(before.serial()),
        "ReturnInspected",
        Instant.now(),
        by,
        null,
        null,
        null,
        UnitHistory.details(
            "rma",
            id,
            "findings",
            findings.strip(),
            "disposition",
            d,
            "replacementSerial",
            replacementSerial));
    Rma after = find(id);
    audit.record("rma.inspect", "rma", String.valueOf(id), before, after, findings);
    return after;
  }

  private void replace(Rma rma, Sales.Sale sale, String replacementSerial, String by) {
    if (replacementSerial == null || replacementSerial.isBlank()) {
      throw new IllegalArgumentException("disposition REPLACE needs 'replacementSerial'");
    }
    alerts.seen(List.of(replacementSerial), "return desk", "replacement on RMA #" + rma.id());
    UnitState s = stock.lock(List.of(replacementSerial)).get(replacementSerial);
    if (!s.known()) {
      throw new NotFoundException("unit", replacementSerial);
    }
    if (s.holdId() != null
        || "SCRAPPED".equals(s.status())
        || sales.active(replacementSerial).isPresent()
        || !stolen.open(List.of(replacementSerial)).isEmpty()) {
      throw new ConflictException(
          "unit '%s' cannot replace '%s': it is held, scrapped, stolen or sold already"
              .formatted(replacementSerial, rma.serial()));
    }
    if (sale == null) {
      throw new ConflictException(
          "unit '%s' has no active sale to replace".formatted(rma.serial()));
    }
    sales.end(sale, "replaced by " + replacementSerial + " on RMA #" + rma.id());
    sales.recordReplacement(sale, replacementSerial, by);
  }

  /** Closes a repaired return. */
  void closeRepaired(long id) {
    jdbc.sql("UPDATE rma SET status = 'CLOSED', closed_at = now() WHERE id = ?").param(id).update();
  }

  Rma lockIn(long id, String status, String step) {
    jdbc.sql("SELECT id FROM rma WHERE id = ? FOR UPDATE").param(id).query(Long.class).list();
    Rma rma = find(id);
    if (!rma.status().equals(status)) {
      throw new ConflictException(
          "cannot %s RMA #%d: it is %s, not %s".formatted(step, id, rma.status(), status));
    }
    return rma;
  }

  Rma find(long id) {
    return jdbc.sql(SELECT + " WHERE id = ?")
        .param(id)
        .query(Rma.class)
        .optional()
        .orElseThrow(() -> new NotFoundException("RMA", String.valueOf(id)));
  }

  List<Rma> of(String serial) {
    return jdbc.sql(SELECT + " WHERE (?::text IS NULL OR serial = ?) ORDER BY id DESC LIMIT 1000")
        .params(serial, serial)
        .query(Rma.class)
        .list();
  }

  private static final String SELECT =
      """
      SELECT id, serial, customer, sale_id, complaint, status, authorised_by, authorised_at,
             received_by, received_at, received_location, findings, disposition, inspected_by,
             inspected_at, replacement_serial, closed_at
        FROM rma
      """;
}
