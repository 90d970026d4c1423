package org.unitrace.core.sales;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.system.NotFoundException;

/**
 * Warranty: each product's policy (months, counted from the sale or from the shipment to the
 * customer) and, for a unit, whether it is covered on a given day, until when, and why.
 */
@Service
@RequiredArgsConstructor
class Warranties {

  private final JdbcClient jdbc;
  private final Sales sales;
  private final AuditLog audit;

  record Policy(String partNumber, Integer warrantyMonths, String warrantyStarts) {}

  enum Status {
    IN_WARRANTY,
    OUT_OF_WARRANTY,
    NOT_STARTED,
    NOT_SOLD,
    NO_POLICY
  }

  record Warranty(
      String serial,
      String partNumber,
      Status status,
      boolean inWarranty,
      LocalDate asOf,
      String startsAt,
      Integer months,
      LocalDate start,
      LocalDate until,
      String customer,
      String orderNumber,
      String reason) {

    /** No warranty runs ({@code status} says why): no policy, or no sale to start it. */
    static Warranty notRunning(
        String serial, String part, Status status, LocalDate asOf, Sales.Sale sale, String reason) {
      return new Warranty(
          serial,
          part,
          status,
          false,
          asOf,
          null,
          null,
          null,
          null,
          sale == null ? null : sale.customer(),
          sale == null ? null : sale.orderNumber(),
          reason);
    }
  }

  /** Sets a product's policy; a product not seen on any line yet is created. */
  @Transactional
  Policy setPolicy(String partNumber, Integer months, String startsAt) {
    if (months == null || months < 0 || months > 600) {
      throw new IllegalArgumentException("'months' must be 0..600, was " + months);
    }
    String starts = startsAt == null ? "SALE" : startsAt.strip().toUpperCase();
    if (!starts.equals("SALE") && !starts.equals("SHIPMENT")) {
      throw new IllegalArgumentException("'startsAt' must be SALE or SHIPMENT, was " + startsAt);
    }
    Policy before = policy(partNumber);
    jdbc.sql(
            """
            INSERT INTO product (part_number, warranty_months, warranty_starts) VALUES (?, ?, ?)
            ON CONFLICT (part_number) DO UPDATE
               SET warranty_months = excluded.warranty_months,
                   warranty_starts = excluded.warranty_starts
            """)
        .params(partNumber, months, starts)
        .update();
    Policy after = policy(partNumber);
    audit.record("product.warranty", "product", partNumber, before, after, null);
    return after;
  }

  Policy policy(String partNumber) {
    return jdbc.sql(
            "SELECT part_number, warranty_months, warranty_starts FROM product"
                + " WHERE part_number = ?")
        .param(partNumber)
        .query(Policy.class)
        .optional()
        .orElse(null);
  }

  Warranty of(String serial, LocalDate asOf) {
    Map<String, Object> unit =
        jdbc
            .sql("SELECT part_number FROM unit WHERE serial = ?")
            .param(serial)
            .query()
            .listOfRows()
            .stream()
            .findFirst()
            .orElseThrow(() -> new NotFoundException("unit", serial));
    String part = (String) unit.get("part_number");
    Sales.Sale sale = sales.active(serial).orElse(null);
    if (sale == null) {
      return Warranty.notRunning(
          serial,
          part,
          Status.NOT_SOLD,
          asOf,
          null,
          "unit '%s' has no active sale: its warranty has not started".formatted(serial));
    }
    Policy policy = part == null ? null : policy(part);
    if (policy == null || policy.warrantyMonths() == null) {
      return Warranty.notRunning(
          serial,
          part,
          Status.NO_POLICY,
          asOf,
          sale,
          "product '%s' has no warranty policy (PUT /api/products/%s/warranty)"
              .formatted(part, part));
    }
    String from;
    LocalDate start;
    if (policy.warrantyStarts().equals("SALE")) {
      start = sale.soldOn();
      from =
          "sold to customer '%s' on %s (order '%s')"
              .formatted(sale.customer(), start, sale.orderNumber());
    } else {
      OffsetDateTime shipped =
          jdbc.sql(
                  """
                  SELECT s.shipped_at FROM shipment s
                    JOIN shipment_unit su ON su.shipment_id = s.id
                   WHERE su.serial = ? AND s.ship_to_customer = ?
                   ORDER BY s.shipped_at LIMIT 1
                  """)
              .params(serial, sale.customer())
              .query(OffsetDateTime.class)
              .optional()
              .orElse(null);
      if (shipped == null) {
        return new Warranty(
            serial,
            part,
            Status.NOT_STARTED,
            false,
            asOf,
            "SHIPMENT",
            policy.warrantyMonths(),
            null,
            null,
            sale.customer(),
            sale.orderNumber(),
            "product '%s' warranty starts at shipment and unit '%s' has not been shipped to customer '%s' yet"
                .formatted(part, serial, sale.customer()));
      }
      start = shipped.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
      from = "first shipped to customer '%s' on %s".formatted(sale.customer(), start);
    }
    LocalDate until = start.plusMonths(policy.warrantyMonths());
    boolean in = !asOf.isBefore(start) && asOf.isBefore(until);
    String reason =
        "%s; product '%s' has %d months of warranty from %s: %s until %s (as of %s)"
            .formatted(
                from,
                part,
                policy.warrantyMonths(),
                policy.warrantyStarts().toLowerCase(),
                in ? "covered" : "not covered",
                until,
                asOf);
    return new Warranty(
        serial,
        part,
        in ? Status.IN_WARRANTY : Status.OUT_OF_WARRANTY,
        in,
        asOf,
        policy.warrantyStarts(),
        policy.warrantyMonths(),
        start,
        until,
        sale.customer(),
        sale.orderNumber(),
        reason);
  }
}
