package org.unitrace.core.returns;

import java.time.Instant;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.location.HistoryEntry;
import org.unitrace.core.location.UnitDesk;
import org.unitrace.core.location.UnitState;
import org.unitrace.core.sales.Sales;
import org.unitrace.core.system.ConflictException;
import org.unitrace.core.system.NotFoundException;

/**
 * The inspection of a received return and its disposition: what ends the sale, scraps the unit or
 * hands over a replacement on the same order.
 */
@Service
@RequiredArgsConstructor
class Inspections {

  static final List<String> DISPOSITIONS = List.of("REPAIR", "REPLACE", "REFUND", "SCRAP");

  private final JdbcClient jdbc;
  private final Returns returns;
  private final Sales sales;
  private final UnitDesk desk;
  private final AuditLog audit;

  /**
   * Records the inspection and the disposition. REFUND and SCRAP end the sale (SCRAP also scraps
   * the unit), REPLACE hands over {@code replacementSerial} on the same order; all three close the
   * return. REPAIR leaves it open for the repair.
   */
  @Transactional
  Returns.Rma inspect(
      long id, String findings, String disposition, String replacementSerial, String by) {
    Returns.Rma before = returns.lockIn(id, "RECEIVED", "inspect");
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
    desk.record(
        List.of(before.serial()),
        Instant.now(),
        by,
        new HistoryEntry.ReturnInspected(id, findings.strip(), d, replacementSerial));
    Returns.Rma after = returns.find(id);
    audit.record("rma.inspect", "rma", String.valueOf(id), before, after, findings);
    return after;
  }

  private void replace(Returns.Rma rma, Sales.Sale sale, String replacementSerial, String by) {
    if (replacementSerial == null || replacementSerial.isBlank()) {
      throw new IllegalArgumentException("disposition REPLACE needs 'replacementSerial'");
    }
    desk.seen(List.of(replacementSerial), "return desk", "replacement on RMA #" + rma.id());
    UnitState s = desk.lock(List.of(replacementSerial)).get(replacementSerial);
    if (!s.known()) {
      throw new NotFoundException("unit", replacementSerial);
    }
    if (s.holdId() != null
        || "SCRAPPED".equals(s.status())
        || sales.active(replacementSerial).isPresent()
        || !desk.stolen(List.of(replacementSerial)).isEmpty()) {
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
}
