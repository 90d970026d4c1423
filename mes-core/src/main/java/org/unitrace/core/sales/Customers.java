package org.unitrace.core.sales;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.system.ConflictException;
import org.unitrace.core.system.NotFoundException;
import org.unitrace.core.system.RecordRows;

/** Customers, keyed by their reference (the ERP's customer number). */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class Customers {

  private final JdbcClient jdbc;
  private final AuditLog audit;

  record Address(String label, String street, String city, String postalCode, String country) {}

  record Customer(
      String reference,
      String name,
      List<Address> addresses,
      String createdBy,
      OffsetDateTime createdAt) {}

  /** A unit the customer bought (sale still active), and where it is now. */
  record OwnedUnit(
      String serial,
      String partNumber,
      String revision,
      String orderNumber,
      String orderLine,
      LocalDate soldOn,
      String location,
      Long shipmentId,
      String atCustomer) {}

  @Transactional
  Customer create(String reference, String name, List<Address> addresses, String by) {
    if (reference == null || reference.isBlank()) {
      throw new IllegalArgumentException("'reference' is required");
    }
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("'name' is required");
    }
    String ref = reference.strip();
    if (exists(ref)) {
      throw new ConflictException("customer '%s' exists already".formatted(ref));
    }
    jdbc.sql("INSERT INTO customer (reference, name, created_by) VALUES (?, ?, ?)")
        .params(ref, name.strip(), by)
        .update();
    List<Address> list = addresses == null ? List.of() : addresses;
    for (int i = 0; i < list.size(); i++) {
      Address a = list.get(i);
      if (a.label() == null || a.label().isBlank()) {
        throw new IllegalArgumentException("'addresses[%d].label' is required".formatted(i));
      }
      jdbc.sql(
              """
              INSERT INTO customer_address (customer, label, street, city, postal_code, country)
              VALUES (?, ?, ?, ?, ?, ?)
              """)
          .params(ref, a.label(), a.street(), a.city(), a.postalCode(), a.country())
          .update();
    }
    Customer created = find(ref).orElseThrow();
    audit.record("customer.create", "customer", ref, null, created, null);
    return created;
  }

  public boolean exists(String reference) {
    return jdbc.sql("SELECT count(*) FROM customer WHERE reference = ?")
            .param(reference)
            .query(Long.class)
            .single()
        > 0;
  }

  Optional<Customer> find(String reference) {
    return jdbc.sql(
            "SELECT reference, name, created_by, created_at FROM customer WHERE reference = ?")
        .param(reference)
        .query(
            (rs, i) ->
                new Customer(
                    rs.getString(1),
                    rs.getString(2),
                    addresses(reference),
                    rs.getString(3),
                    rs.getObject(4, OffsetDateTime.class)))
        .optional();
  }

  List<Customer> all() {
    return jdbc
        .sql("SELECT reference FROM customer ORDER BY reference")
        .query(String.class)
        .list()
        .stream()
        .map(r -> find(r).orElseThrow())
        .toList();
  }

  List<OwnedUnit> units(String reference) {
    if (!exists(reference)) {
      throw new NotFoundException("customer", reference);
    }
    return jdbc.sql(
            """
            SELECT s.serial, u.part_number, u.revision, s.order_number, s.order_line, s.sold_on,
                   p.location, p.shipment_id, p.customer AS at_customer
              FROM sale s
              LEFT JOIN unit u ON u.serial = s.serial
              LEFT JOIN unit_place p ON p.serial = s.serial
             WHERE s.customer = ? AND s.ended_at IS NULL
             ORDER BY s.sold_on, s.order_number, s.serial
            """)
        .param(reference)
        .query(RecordRows.of(OwnedUnit.class))
        .list();
  }

  private List<Address> addresses(String reference) {
    return jdbc.sql(
            "SELECT label, street, city, postal_code, country FROM customer_address"
                + " WHERE customer = ? ORDER BY id")
        .param(reference)
        .query(RecordRows.of(Address.class))
        .list();
  }
}
