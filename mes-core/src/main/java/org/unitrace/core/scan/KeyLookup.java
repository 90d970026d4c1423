package org.unitrace.core.scan;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.unitrace.line.gs1.Gs1ElementString;

/**
 * What the plant knows of the keys in a scan: the product of a GTIN, the unit of an SGTIN (01 +
 * 21), the supplier lot or production run of a GTIN with a batch (01 + 10), the shipment package of
 * an SSCC (00). What is not known is said in {@code notes}, never guessed.
 */
@Repository
@RequiredArgsConstructor
class KeyLookup {

  private final JdbcClient jdbc;

  record Product(String partNumber, String name, String gtin, String family) {}

  record Unit(
      String serial,
      String partNumber,
      String revision,
      String runId,
      String status,
      OffsetDateTime serializedAt) {}

  /**
   * @param kind {@code SUPPLIER} (a lot received from a supplier) or {@code PRODUCTION} (a run of
   *     ours whose id is the batch)
   */
  record Lot(
      String kind,
      String partNumber,
      String lot,
      String supplier,
      Boolean received,
      OffsetDateTime startedAt,
      OffsetDateTime endedAt) {}

  record Shipment(
      long id,
      String reference,
      String packageReference,
      String packageKind,
      String sscc,
      int units,
      String shipToCustomer,
      String shipToLocation,
      OffsetDateTime shippedAt,
      OffsetDateTime receivedAt) {}

  record Keys(Product product, Unit unit, Lot lot, Shipment shipment, List<String> notes) {}

  Keys keys(Gs1ElementString e) {
    List<String> notes = new ArrayList<>();
    Product product = null;
    Unit unit = null;
    Lot lot = null;
    String gtin = e.value("01").orElse(null);
    if (gtin != null) {
      product =
          jdbc.sql("SELECT part_number, name, gtin, family FROM product WHERE gtin = ?")
              .param(gtin)
              .query(Product.class)
              .optional()
              .orElse(null);
      if (product == null) {
        notes.add("no product has GTIN " + gtin);
      }
    }
    String serial = e.serial().orElse(null);
    if (serial != null && product != null) {
      unit = unit(serial, product.partNumber());
      if (unit == null) {
        notes.add(
            "no unit with serial %s of product %s".formatted(serial, product.partNumber())
                + otherProduct(serial));
      }
    }
    String batch = e.lot().orElse(null);
    if (batch != null && product != null) {
      lot = lot(product.partNumber(), batch);
      if (lot == null) {
        notes.add(
            "no supplier lot or production run %s of product %s"
                .formatted(batch, product.partNumber()));
      }
    }
    Shipment shipment = null;
    String sscc = e.sscc().orElse(null);
    if (sscc != null) {
      shipment = shipment(sscc);
      if (shipment == null) {
        notes.add("no shipment package has SSCC " + sscc);
      }
    }
    return new Keys(product, unit, lot, shipment, notes);
  }

  private Unit unit(String serial, String partNumber) {
    return jdbc.sql(
            """
            SELECT serial, part_number, revision, run_id, status, serialized_at
              FROM unit WHERE serial = ? AND part_number = ?
            """)
        .params(serial, partNumber)
        .query(Unit.class)
        .optional()
        .orElse(null);
  }

  /**
   * When the serial exists under another product, say so: the label or the master data is wrong.
   */
  private String otherProduct(String serial) {
    return jdbc.sql("SELECT part_number FROM unit WHERE serial = ?")
        .param(serial)
        .query(String.class)
        .optional()
        .map(pn -> " (serial %s is a unit of product %s)".formatted(serial, pn))
        .orElse("");
  }

  /** A supplier lot first; else one of our runs, as started, or as its units were made. */
  private Lot lot(String partNumber, String batch) {
    return jdbc.sql(
            """
            SELECT kind, part_number, lot, supplier, received, started_at, ended_at FROM (
              SELECT 1 AS rank, 'SUPPLIER' AS kind, part_number, lot, supplier, received,
                     NULL::timestamptz AS started_at, NULL::timestamptz AS ended_at
                FROM supplier_lot WHERE part_number = ? AND lot = ?
              UNION ALL
              SELECT 2, 'PRODUCTION', part_number, run_id, NULL, NULL, started_at, ended_at
                FROM production_run WHERE part_number = ? AND run_id = ?
              UNION ALL
              SELECT 3, 'PRODUCTION', min(part_number), run_id, NULL, NULL, min(serialized_at),
                     NULL
                FROM unit WHERE part_number = ? AND run_id = ? GROUP BY run_id
            ) found ORDER BY rank LIMIT 1
            """)
        .params(partNumber, batch, partNumber, batch, partNumber, batch)
        .query(Lot.class)
        .optional()
        .orElse(null);
  }

  private Shipment shipment(String sscc) {
    return jdbc.sql(
            """
            SELECT s.id, s.reference, p.reference AS package_reference, p.kind AS package_kind,
                   p.sscc,
                   (SELECT count(*) FROM shipment_unit u WHERE u.package_id = p.id)::int AS units,
                   s.ship_to_customer, s.ship_to_location, s.shipped_at, s.received_at
              FROM shipment_package p JOIN shipment s ON s.id = p.shipment_id
             WHERE p.sscc = ? ORDER BY s.shipped_at DESC LIMIT 1
            """)
        .param(sscc)
        .query(Shipment.class)
        .optional()
        .orElse(null);
  }
}
