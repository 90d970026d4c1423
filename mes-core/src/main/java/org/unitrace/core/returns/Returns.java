package org.unitrace.core.returns;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.location.HistoryEntry;
import org.unitrace.core.location.Place;
import org.unitrace.core.location.UnitDesk;
import org.unitrace.core.location.UnitState;
import org.unitrace.core.sales.Customers;
import org.unitrace.core.sales.Sales;
import org.unitrace.core.stolen.Alerts;
import org.unitrace.core.stolen.StolenReports;
import org.unitrace.core.system.ConflictException;
import org.unitrace.core.system.NotFoundException;
import org.unitrace.core.system.RecordRows;

/**
 * Returns: authorised only for a serial the customer bought (its active sale), then received at a
 * location, inspected, and disposed of. Each step checks the one before, so the record reads as the
 * unit's real path.
 */
@Service
@RequiredArgsConstructor
class Returns {

  private final JdbcClient jdbc;
  private final Customers customers;
  private final Sales sales;
  private final UnitDesk units;
  private final AuditLog audit;

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
        units.seen(
            List.of(serial),
            desk == null ? "return desk" : "return desk at '" + desk + "'",
            "return authorisation for customer '%s' by %s".formatted(customer, by));
    audit.requireReason(complaint, "authorising a return of " + serial);
    if (!customers.exists(customer)) {
      throw new NotFoundException("customer", customer);
    }
    UnitState unit = units.lock(List.of(serial)).get(serial);
    if (!unit.known()) {
      throw new NotFoundException("unit", serial);
    }
    StolenReports.Report report = units.stolen(List.of(serial)).get(serial);
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
    units.record(
        List.of(serial),
        Instant.now(),
        by,
        new HistoryEntry.ReturnAuthorised(id, customer, complaint.strip()));
    Rma rma = find(id);
    audit.record("rma.authorise", "rma", String.valueOf(id), null, rma, complaint);
    return rma;
  }

  @Transactional
  Rma receive(long id, String location, String by) {
    Rma before = lockIn(id, "AUTHORISED", "receive");
    units.seen(
        List.of(before.serial()),
        "return desk at '" + location + "'",
        "receipt of RMA #%d by %s".formatted(id, by));
    if (location == null) {
      throw new IllegalArgumentException("'location' is required: where the returned unit is");
    }
    units.require(location, "location");
    Place from = units.lock(List.of(before.serial())).get(before.serial()).place();
    Instant now = Instant.now();
    units.move(List.of(before.serial()), new Place(location, null, null, null), now);
    jdbc.sql(
            "UPDATE rma SET status = 'RECEIVED', received_by = ?, received_at = ?,"
                + " received_location = ? WHERE id = ?")
        .params(by, java.sql.Timestamp.from(now), location, id)
        .update();
    units.record(
        List.of(before.serial()),
        now,
        by,
        new HistoryEntry.ReturnReceived(
            id,
            new HistoryEntry.Move(
                from == null ? null : from.label(), location, units.siteOf(location))));
    Rma after = find(id);
    audit.record("rma.receive", "rma", String.valueOf(id), before, after, null);
    return after;
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
        .query(RecordRows.of(Rma.class))
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
