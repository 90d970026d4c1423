package org.unitrace.core.lot;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.imports.Csv;
import org.unitrace.core.imports.ImportRejected;
import org.unitrace.core.imports.RowProblem;
import org.unitrace.core.imports.Where;
import org.unitrace.core.lot.LotRules.Checked;
import org.unitrace.core.system.NotFoundException;
import org.unitrace.core.system.RecordRows;

/**
 * Registers goods receipts of supplier lots. A receipt for a lot the line reported first (received
 * = false) completes that lot and marks it received; the ERP's supplier, quantity and certificate
 * are taken as the truth.
 */
@Service
@RequiredArgsConstructor
class Lots {

  static final List<String> CSV_REQUIRED =
      List.of("part_number", "supplier", "lot", "received_date");

  private final JdbcClient jdbc;
  private final AuditLog audit;

  record Lot(
      String partNumber,
      String lot,
      String supplier,
      boolean received,
      OffsetDateTime receivedAt,
      BigDecimal quantity,
      String certificate,
      String note,
      OffsetDateTime firstSeenAt,
      String registeredBy) {}

  record ImportSummary(int rows, int created, int updated) {}

  @Transactional
  Lot register(LotReceipt receipt, String by) {
    List<RowProblem> errors = new ArrayList<>();
    Checked c = LotRules.check(receipt, Where.BODY, false, errors);
    if (!errors.isEmpty()) {
      throw new ImportRejected(errors);
    }
    Lot before = find(c.partNumber(), c.lot()).orElse(null);
    upsert(c, by);
    Lot after = find(c.partNumber(), c.lot()).orElseThrow();
    audit.record(
        "lot.register", "supplier_lot", c.partNumber() + "/" + c.lot(), before, after, null);
    return after;
  }

  /** Imports an ERP export, all or nothing; columns beyond the known ones are ignored. */
  @Transactional
  ImportSummary importCsv(byte[] file, String by) {
    List<RowProblem> errors = new ArrayList<>();
    List<Checked> lots = new ArrayList<>();
    Map<String, Where> seen = new HashMap<>();
    for (Csv.Row row : Csv.read(file, CSV_REQUIRED)) {
      LotReceipt r =
          new LotReceipt(
              row.get("part_number"),
              row.get("supplier"),
              row.get("lot"),
              row.get("received_date"),
              null,
              row.get("certificate"),
              row.get("note"));
      BigDecimal quantity = LotRules.number(row.get("quantity"), row.where(), errors);
      Checked c = LotRules.check(r, row.where(), true, errors);
      if (c != null) {
        Where first = seen.putIfAbsent(c.partNumber() + "\u0000" + c.lot(), row.where());
        if (first != null) {
          errors.add(
              row.where()
                  .problem(
                      "lot",
                      "lot %s of %s appears twice (first at %s)"
                          .formatted(c.lot(), c.partNumber(), first)));
        }
        lots.add(c.withQuantity(quantity));
      }
    }
    if (!errors.isEmpty()) {
      throw new ImportRejected(errors);
    }
    int created = 0;
    for (Checked c : lots) {
      created += upsert(c, by) ? 1 : 0;
    }
    ImportSummary summary = new ImportSummary(lots.size(), created, lots.size() - created);
    Map<String, Object> after = new LinkedHashMap<>();
    after.put("summary", summary);
    after.put("lots", lots.stream().map(c -> c.partNumber() + "/" + c.lot()).toList());
    audit.record("lot.import", "supplier_lot", null, null, after, null);
    return summary;
  }

  List<Lot> list(String partNumber, String supplier, Boolean received, int limit) {
    return jdbc.sql(
            SELECT
                + """
                 WHERE (CAST(:pn AS text) IS NULL OR part_number = :pn)
                   AND (CAST(:supplier AS text) IS NULL OR supplier = :supplier)
                   AND (CAST(:received AS boolean) IS NULL OR received = :received)
                 ORDER BY part_number, lot LIMIT :limit
                """)
        .param("pn", partNumber)
        .param("supplier", supplier)
        .param("received", received)
        .param("limit", limit)
        .query(RecordRows.of(Lot.class))
        .list();
  }

  Lot get(String partNumber, String lot) {
    return find(partNumber, lot)
        .orElseThrow(() -> new NotFoundException("lot", partNumber + "/" + lot));
  }

  private java.util.Optional<Lot> find(String partNumber, String lot) {
    return jdbc.sql(SELECT + " WHERE part_number = ? AND lot = ?")
        .params(partNumber, lot)
        .query(Lot.class)
        .optional();
  }

  /** True when the lot was new. */
  private boolean upsert(Checked c, String by) {
    return jdbc.sql(
            """
            INSERT INTO supplier_lot (part_number, lot, supplier, received, received_at, quantity,
                                      certificate, note, registered_by, updated_at)
            VALUES (?, ?, ?, true, ?, ?, ?, ?, ?, now())
            ON CONFLICT (part_number, lot) DO UPDATE
               SET supplier = excluded.supplier, received = true,
                   received_at = excluded.received_at, quantity = excluded.quantity,
                   certificate = excluded.certificate, note = excluded.note,
                   registered_by = excluded.registered_by, updated_at = now()
            RETURNING (xmax = 0)
            """)
        .params(
            c.partNumber(),
            c.lot(),
            c.supplier(),
            c.receivedAt(),
            c.quantity(),
            c.certificate(),
            c.note(),
            by)
        .query(Boolean.class)
        .single();
  }

  private static final String SELECT =
      """
      SELECT part_number, lot, supplier, received, received_at, quantity, certificate, note,
             first_seen_at, registered_by
        FROM supplier_lot
      """;
}
