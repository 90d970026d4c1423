package org.unitrace.core.returns;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.location.HistoryEntry;
import org.unitrace.core.location.UnitHistory;
import org.unitrace.core.quality.Corrections;
import org.unitrace.core.system.ConflictException;
import org.unitrace.core.system.RecordRows;

/**
 * A return's repair: each replaced component is closed on the unit and the fitted one bound,
 * through the genealogy corrections (so they are audited and referenced like any rework), and the
 * repair records which corrections it made.
 */
@Service
@RequiredArgsConstructor
class Repairs {

  private final JdbcClient jdbc;
  private final Returns returns;
  private final Corrections corrections;
  private final UnitHistory history;
  private final AuditLog audit;

  /** One component replaced: the removed one by serial or lot, the fitted one likewise. */
  record Replacement(
      String partNumber,
      String removedSerial,
      String removedLot,
      String fittedSerial,
      String fittedLot,
      String reason) {}

  record Repaired(
      long id,
      long rmaId,
      String partNumber,
      String removedSerial,
      String removedLot,
      String fittedSerial,
      String fittedLot,
      long unbindCorrectionId,
      long bindCorrectionId,
      String repairedBy,
      OffsetDateTime repairedAt) {}

  @Transactional
  List<Repaired> repair(long rmaId, List<Replacement> replaced, String by) {
    Returns.Rma rma = returns.lockIn(rmaId, "INSPECTED", "repair");
    if (!"REPAIR".equals(rma.disposition())) {
      throw new ConflictException(
          "RMA #%d is to be %s, not repaired".formatted(rmaId, rma.disposition()));
    }
    if (replaced == null || replaced.isEmpty()) {
      throw new IllegalArgumentException("a repair lists the components replaced ('replaced')");
    }
    List<Repaired> done = new ArrayList<>();
    for (int i = 0; i < replaced.size(); i++) {
      done.add(replace(rma, i, replaced.get(i), by));
    }
    returns.closeRepaired(rmaId);
    history.record(
        List.of(rma.serial()), Instant.now(), by, new HistoryEntry.Repaired(rmaId, done));
    audit.record("rma.repair", "rma", String.valueOf(rmaId), rma, done, rma.findings());
    return done;
  }

  private Repaired replace(Returns.Rma rma, int index, Replacement r, String by) {
    String at = "replaced[" + index + "]";
    if (r.partNumber() == null || r.partNumber().isBlank()) {
      throw new IllegalArgumentException("'" + at + ".partNumber' is required");
    }
    if ((r.removedSerial() == null) == (r.removedLot() == null)) {
      throw new IllegalArgumentException(
          "'%s': give exactly one of removedSerial and removedLot".formatted(at));
    }
    if ((r.fittedSerial() == null) == (r.fittedLot() == null)) {
      throw new IllegalArgumentException(
          "'%s': give exactly one of fittedSerial and fittedLot".formatted(at));
    }
    Long edge =
        jdbc.sql(
                """
                SELECT id FROM unit_component
                 WHERE unit_serial = ? AND part_number = ?
                   AND component_serial IS NOT DISTINCT FROM ? AND lot IS NOT DISTINCT FROM ?
                   AND bound_at IS NOT NULL AND unbound_at IS NULL
                 ORDER BY bound_at DESC LIMIT 1
                """)
            .params(rma.serial(), r.partNumber(), r.removedSerial(), r.removedLot())
            .query(Long.class)
            .optional()
            .orElseThrow(
                () ->
                    new ConflictException(
                        "%s: unit '%s' has no %s %s fitted now"
                            .formatted(
                                at,
                                rma.serial(),
                                r.partNumber(),
                                r.removedSerial() != null
                                    ? "serial '" + r.removedSerial() + "'"
                                    : "from lot '" + r.removedLot() + "'")));
    String reason =
        "repair on RMA #%d: %s"
            .formatted(
                rma.id(), r.reason() == null || r.reason().isBlank() ? rma.findings() : r.reason());
    Corrections.Correction unbind = corrections.unbind(rma.serial(), edge, reason, by);
    Corrections.Correction bind =
        corrections.bind(rma.serial(), r.partNumber(), r.fittedSerial(), r.fittedLot(), reason, by);
    long id =
        jdbc.sql(
                """
                INSERT INTO rma_repair (rma_id, part_number, removed_serial, removed_lot,
                                        fitted_serial, fitted_lot, unbind_correction_id,
                                        bind_correction_id, repaired_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                """)
            .params(
                rma.id(),
                r.partNumber(),
                r.removedSerial(),
                r.removedLot(),
                r.fittedSerial(),
                r.fittedLot(),
                unbind.id(),
                bind.id(),
                by)
            .query(Long.class)
            .single();
    return of(rma.id()).stream().filter(x -> x.id() == id).findFirst().orElseThrow();
  }

  List<Repaired> of(long rmaId) {
    return jdbc.sql(
            """
            SELECT id, rma_id, part_number, removed_serial, removed_lot, fitted_serial, fitted_lot,
                   unbind_correction_id, bind_correction_id, repaired_by, repaired_at
              FROM rma_repair WHERE rma_id = ? ORDER BY id
            """)
        .param(rmaId)
        .query(RecordRows.of(Repaired.class))
        .list();
  }
}
