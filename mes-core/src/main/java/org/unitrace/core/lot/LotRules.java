package org.unitrace.core.lot;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.unitrace.core.imports.RowProblem;
import org.unitrace.core.imports.Where;
import org.unitrace.core.system.Text;

/**
 * What makes a goods receipt acceptable, from the API or a CSV row: every error with where it is
 * and the field as that format names it.
 */
final class LotRules {

  private LotRules() {}

  record Checked(
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

  static Checked check(LotReceipt r, Where where, boolean csv, List<RowProblem> errors) {
    int before = errors.size();
    String pn = required(r.partNumber(), where, csv ? "part_number" : "partNumber", errors);
    String supplier = required(r.supplier(), where, "supplier", errors);
    String lot = required(r.lot(), where, "lot", errors);
    String dateField = csv ? "received_date" : "receivedAt";
    OffsetDateTime at = null;
    if (r.receivedAt() == null || r.receivedAt().isBlank()) {
      if (csv) {
        errors.add(where.problem(dateField, "is required"));
      } else {
        at = OffsetDateTime.now(ZoneOffset.UTC);
      }
    } else {
      at = date(r.receivedAt().strip(), where, dateField, errors);
    }
    if (r.quantity() != null && r.quantity().signum() < 0) {
      errors.add(where.problem("quantity", "must not be negative, was " + r.quantity()));
    }
    if (errors.size() > before) {
      return null;
    }
    return new Checked(
        pn,
        supplier,
        lot,
        at,
        r.quantity(),
        Text.blankToNull(r.certificate()),
        Text.blankToNull(r.note()));
  }

  private static OffsetDateTime date(String v, Where where, String field, List<RowProblem> e) {
    try {
      return v.length() <= 10
          ? LocalDate.parse(v).atStartOfDay().atOffset(ZoneOffset.UTC)
          : OffsetDateTime.parse(v);
    } catch (DateTimeParseException ex) {
      e.add(
          where.problem(
              field, "not a date (YYYY-MM-DD) or ISO-8601 date-time with offset: '" + v + "'"));
      return null;
    }
  }

  static BigDecimal number(String v, Where where, List<RowProblem> errors) {
    if (v == null) {
      return null;
    }
    try {
      BigDecimal q = new BigDecimal(v);
      if (q.signum() < 0) {
        errors.add(where.problem("quantity", "must not be negative, was " + v));
      }
      return q;
    } catch (NumberFormatException ex) {
      errors.add(where.problem("quantity", "not a number: '" + v + "'"));
      return null;
    }
  }

  private static String required(String v, Where where, String field, List<RowProblem> e) {
    String s = Text.blankToNull(v);
    if (s == null) {
      e.add(where.problem(field, "is required"));
    } else if (s.length() > 200) {
      e.add(where.problem(field, "is %d characters, at most 200".formatted(s.length())));
      return null;
    }
    return s;
  }
}
