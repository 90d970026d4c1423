package org.unitrace.core.lot;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.ErrorResponseException;
import org.unitrace.core.system.Text;

/**
 * A supplier's lot arriving at the dock, read from its label (GTIN and batch/lot, GS1 AIs 01 and
 * 10): the goods receipt of that lot, as {@code POST /api/lots} registers it, with the part found
 * by its GTIN and the supplier found from what the plant already knows of the lot or the part.
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class LotArrivals {

  private final JdbcClient jdbc;
  private final Lots lots;

  /**
   * What was received.
   *
   * @param announced the lot was known before its arrival (from the ERP or seen on a line)
   */
  public record Received(
      String partNumber,
      String lot,
      String supplier,
      BigDecimal quantity,
      OffsetDateTime receivedAt,
      String location,
      boolean announced) {}

  /**
   * Registers the receipt.
   *
   * @param supplier as the clerk named it; null to take the lot's announced supplier, else the
   *     part's last one
   * @throws ErrorResponseException 422 naming the field when the GTIN is no part of the plant's or
   *     the supplier cannot be told
   */
  @Transactional
  public Received receive(
      String gtin, String lot, BigDecimal quantity, String supplier, String location, String by) {
    if (gtin == null || !gtin.matches("\\d{14}")) {
      throw unprocessable("gtin", "(01) GTIN must be 14 digits, was '%s'".formatted(gtin));
    }
    if (lot == null || lot.isBlank()) {
      throw unprocessable("lot", "the label carries no (10) batch/lot");
    }
    List<String> parts =
        jdbc.sql("SELECT part_number FROM product WHERE gtin = ?")
            .param(gtin)
            .query(String.class)
            .list();
    if (parts.isEmpty()) {
      throw unprocessable(
          "gtin",
          ("GTIN %s is no part the plant knows: give the part its GTIN first"
                  + " (PATCH /api/products/{partNumber})")
              .formatted(gtin));
    }
    String partNumber = parts.get(0);
    // the lot as announced (ERP, or first seen on a line), with its supplier where it was named
    java.util.Optional<String> announcement =
        jdbc.sql(
                "SELECT coalesce(supplier, '') FROM supplier_lot WHERE part_number = ? AND lot = ?")
            .params(partNumber, lot.strip())
            .query(String.class)
            .optional();
    boolean announced = announcement.isPresent();
    String announcedBy = announcement.orElse(null);
    String from = Text.blankToNull(supplier);
    if (from == null) {
      from = Text.blankToNull(announcedBy);
    }
    if (from == null) {
      from =
          jdbc.sql(
                  "SELECT supplier FROM supplier_lot WHERE part_number = ? AND supplier IS NOT NULL"
                      + " ORDER BY received_at DESC NULLS LAST, created_at DESC LIMIT 1")
              .param(partNumber)
              .query(String.class)
              .optional()
              .orElse(null);
    }
    if (from == null) {
      throw unprocessable(
          "supplier",
          "lot %s of %s was not announced and no lot of %s was received before: name its supplier"
              .formatted(lot.strip(), partNumber, partNumber));
    }
    String note = location == null ? "received by scan" : "received by scan at " + location;
    Lots.Lot l =
        lots.register(
            new LotReceipt(partNumber, from, lot.strip(), null, quantity, null, note), by);
    return new Received(
        l.partNumber(), l.lot(), l.supplier(), l.quantity(), l.receivedAt(), location, announced);
  }

  private static ErrorResponseException unprocessable(String field, String detail) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY, detail);
    problem.setProperty("field", field);
    return new ErrorResponseException(HttpStatus.UNPROCESSABLE_ENTITY, problem, null);
  }
}
