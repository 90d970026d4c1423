package org.unitrace.core.lot;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.product.Csv;
import org.unitrace.core.product.ImportError;
import org.unitrace.core.product.ImportFailedException;
import org.unitrace.core.system.NotFoundException;

/**
 * Registers goods receipts of supplier lots. A receipt for a lot the line reported first (received
 * = false) completes that lot and marks it received; the ERP's supplier, quantity and certificate
 * are taken as the truth.
 */
@Service
class Lots {

  static final List<String> CSV_REQUIRED =
      List.of("part_number", "supplier", "lot", "received_date");

  private final JdbcClient jdbc;
  private final AuditLog audit;

  Lots(JdbcClient jdbc, AuditLog audit) {
    this.jdbc = jdbc;
    this.audit = audit;
  }

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
    List<ImportError> errors = new ArrayList<>();
    Checked c = check(receipt, "body", false, errors);
    if (!errors.isEmpty()) {
      throw new ImportFailedException("lot registration", errors);
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
    Csv.Table table = Csv.read(file, CSV_REQUIRED, null);
    List<ImportError> errors = new ArrayList<>(table.errors());
    List<Checked> lots = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (Csv.Row row : table.rows()) {
      LotReceipt r =
          new LotReceipt(
              row.get("part_number"),
              row.get("supplier"),
              row.get("lot"),
              row.get("received_date"),
              null,
              row.get("certificate"),
              row.get("note"));
      BigDecimal quantity = number(row.get("quantity"), row.where(), errors);
      Checked c = check(r, row.where(), true, errors);
      if (c != null) {
        String first = seen.putIfAbsent(c.partNumber() + "\u0000" + c.lot(), row.where());
        if (first != null) {
          errors.add(
              new ImportError(
                  row.where(),
                  "lot",
                  "lot %s of %s appears twice (first at %s)"
                      .formatted(c.lot(), c.partNumber(), first)));
        }
        lots.add(c.withQuantity(quantity));
      }
    }
    if (!errors.isEmpty()) {
      throw new ImportFailedException("lot CSV import", errors);
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
        .query(Lot.class)
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

  private record Checked(
      String partNumber,
      String supplier,
      String lot,
      OffsetDateTime receivedAt,
      BigDecimal quantity,
      String certificate,
      String note) {
    Checked withQuantity(BigDecimal q) {
      return new Checked(partNumber, supplier, lot, receivedAt, q, certificate, note);
    }
  }

  private static Checked check(LotReceipt r, String where, boolean csv, List<ImportError> errors) {
    int before = errors.size();
    String pn = required(r.partNumber(), where, csv ? "part_number" : "partNumber", errors);
    String supplier = required(r.supplier(), where, "supplier", errors);
    String lot = required(r.lot(), where, "lot", errors);
    String dateField = csv ? "received_date" : "receivedAt";
    OffsetDateTime at = null;
    if (r.receivedAt() == null || r.receivedAt().isBlank()) {
      if (csv) {
        errors.add(new ImportError(where, dateField, "is required"));
      } else {
        at = OffsetDateTime.now(ZoneOffset.UTC);
      }
    } else {
      at = date(r.receivedAt().strip(), where, dateField, errors);
    }
    if (r.quantity() != null && r.quantity().signum() < 0) {
      errors.add(new ImportError(where, "quantity", "must not be negative, was " + r.quantity()));
    }
    if (errors.size() > before) {
      return null;
    }
    return new Checked(
        pn, supplier, lot, at, r.quantity(), blankToNull(r.certificate()), blankToNull(r.note()));
  }

  private static OffsetDateTime date(String v, String where, String field, List<ImportError> e) {
    try {
      return v.length() <= 10
          ? LocalDate.parse(v).atStartOfDay().atOffset(ZoneOffset.UTC)
          : OffsetDateTime.parse(v);
    } catch (DateTimeParseException ex) {
      e.add(
          new ImportError(
              where,
              field,
              "not a date (YYYY-MM-DD) or ISO-8601 date-time with offset: '" + v + "'"));
      return null;
    }
  }

  private static BigDecimal number(String v, String where, List<ImportError> errors) {
    if (v == null) {
      return null;
    }
    try {
      BigDecimal q = new BigDecimal(v);
      if (q.signum() < 0) {
        errors.add(new ImportError(where, "quantity", "must not be negative, was " + v));
      }
      return q;
    } catch (NumberFormatException ex) {
      errors.add(new ImportError(where, "quantity", "not a number: '" + v + "'"));
      return null;
    }
  }

  private static String required(String v, String where, String field, List<ImportError> e) {
    String s = blankToNull(v);
    if (s == null) {
      e.add(new ImportError(where, field, "is required"));
    } else if (s.length() > 200) {
      e.add(new ImportError(where, field, "is %d characters, at most 200".formatted(s.length())));
      return null;
    }
    return s;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static final String SELECT =
      """
      SELECT part_number, lot, supplier, received, received_at, quantity, certificate, note,
             first_seen_at, registered_by
        FROM supplier_lot
      """;
}
