package org.unitrace.core.sales;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.location.HistoryEntry;
import org.unitrace.core.location.UnitDesk;
import org.unitrace.core.system.RecordRows;

/**
 * Sales by serial: the active sale of a unit, a replacement's sale, the end of a sale. A serial has
 * at most one active sale; a refund or replacement ends it. {@link SalePosting} records new ones.
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class Sales {

  private final JdbcClient jdbc;
  private final UnitDesk desk;
  private final AuditLog audit;

  public record Sale(
      long id,
      String serial,
      String orderNumber,
      String orderLine,
      String customer,
      LocalDate soldOn,
      String recordedBy,
      OffsetDateTime recordedAt,
      OffsetDateTime endedAt,
      String endReason) {}

  /**
   * Records a sale of {@code serial} without the checks of {@link SalePosting#sell}: for a
   * replacement unit handed over on a return, which the caller has checked.
   */
  public Sale recordReplacement(Sale original, String serial, String by) {
    long id =
        jdbc.sql(
                """
                INSERT INTO sale (serial, order_number, order_line, customer, sold_on, recorded_by)
                VALUES (?, ?, ?, ?, ?, ?) RETURNING id
                """)
            .params(
                serial,
                original.orderNumber(),
                original.orderLine(),
                original.customer(),
                LocalDate.now(),
                by)
            .query(Long.class)
            .single();
    Sale sale = find(id);
    desk.record(
        List.of(serial),
        Instant.now(),
        by,
        new HistoryEntry.Sold(id, sale.orderNumber(), sale.customer(), original.serial()));
    audit.record(
        "sale.create",
        "sale",
        sale.orderNumber(),
        null,
        sale,
        "replacement for " + original.serial());
    return sale;
  }

  /** Ends an active sale (refund, replacement): the warranty no longer runs from it. */
  public void end(Sale sale, String reason) {
    jdbc.sql("UPDATE sale SET ended_at = now(), end_reason = ? WHERE id = ? AND ended_at IS NULL")
        .params(reason, sale.id())
        .update();
  }

  public Optional<Sale> active(String serial) {
    return Optional.ofNullable(active(List.of(serial)).get(serial));
  }

  Map<String, Sale> active(Collection<String> serials) {
    Map<String, Sale> map = new HashMap<>();
    jdbc.sql(SELECT + " WHERE ended_at IS NULL AND serial = ANY (?)")
        .param(serials.toArray(String[]::new))
        .query(RecordRows.of(Sale.class))
        .list()
        .forEach(s -> map.put(s.serial(), s));
    return map;
  }

  List<Sale> find(String orderNumber, String customer, int limit) {
    return jdbc.sql(
            SELECT
                + """
                 WHERE (:order::text IS NULL OR order_number = :order)
                   AND (:customer::text IS NULL OR customer = :customer)
                 ORDER BY id LIMIT :limit
                """)
        .param("order", orderNumber)
        .param("customer", customer)
        .param("limit", limit)
        .query(RecordRows.of(Sale.class))
        .list();
  }

  List<Sale> find(Long[] ids) {
    return jdbc.sql(SELECT + " WHERE id = ANY (?) ORDER BY id")
        .param(ids)
        .query(RecordRows.of(Sale.class))
        .list();
  }

  private Sale find(long id) {
    return jdbc.sql(SELECT + " WHERE id = ?").param(id).query(Sale.class).single();
  }

  private static final String SELECT =
      """
      SELECT id, serial, order_number, order_line, customer, sold_on, recorded_by, recorded_at,
             ended_at, end_reason
        FROM sale
      """;
}
