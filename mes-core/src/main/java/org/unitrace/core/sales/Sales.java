package org.unitrace.core.sales;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.imports.ImportRejected;
import org.unitrace.core.imports.RowProblem;
import org.unitrace.core.location.HistoryEntry;
import org.unitrace.core.location.UnitDesk;
import org.unitrace.core.location.UnitState;
import org.unitrace.core.stolen.StolenReports;

/**
 * Sales by serial. A serial has at most one active sale; a refund or replacement ends it. All or
 * nothing: one faulty line stops the whole posting, named by its row and field.
 */
@Service
public class Sales {

  private final JdbcClient jdbc;
  private final UnitDesk desk;
  private final Customers customers;
  private final AuditLog audit;

  Sales(JdbcClient jdbc, UnitDesk desk, Customers customers, AuditLog audit) {
    this.jdbc = jdbc;
    this.desk = desk;
    this.customers = customers;
    this.audit = audit;
  }

  /** One serial sold; {@code row}/{@code serialField} locate it in the request. */
  record Item(
      Integer row,
      String serialField,
      String orderNumber,
      String orderLine,
      String customer,
      String soldOn,
      String serial) {}

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

  @Transactional
  List<Sale> sell(List<Item> items, String by) {
    if (items.isEmpty()) {
      throw new IllegalArgumentException("a sale needs at least one serial");
    }
    desk.seen(
        items.stream().map(Item::serial).filter(Objects::nonNull).distinct().toList(),
        "sale entry",
        "sale recorded by " + by);
    List<RowProblem> problems = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    List<LocalDate> dates = SaleChecks.checkItems(items, customers::exists, seen, problems);
    if (!problems.isEmpty()) {
      throw new ImportRejected(problems);
    }
    Map<String, UnitState> states = desk.lock(seen.keySet());
    Map<String, StolenReports.Report> flagged = desk.stolen(seen.keySet());
    Map<String, Sale> active = active(seen.keySet());
    for (Item i : items) {
      String refusal =
          SaleChecks.refusal(
              i, states.get(i.serial()), flagged.get(i.serial()), active.get(i.serial()));
      if (refusal != null) {
        problems.add(new RowProblem(i.row(), i.serialField(), refusal));
      }
    }
    if (!problems.isEmpty()) {
      throw new ImportRejected(problems, true);
    }
    List<Sale> sales = insertAll(items, dates, by);
    audit.record(
        "sale.create",
        "sale",
        sales.get(0).orderNumber(),
        null,
        sales.size() <= 1000 ? sales : Map.of("sales", sales.size()),
        null);
    return sales;
  }

  /**
   * Inserts the sales and their timeline entries in two statements, however many lines: an ERP
   * posts thousands at a time.
   */
  private List<Sale> insertAll(List<Item> items, List<LocalDate> dates, String by) {
    List<Long> ids =
        jdbc.sql(
                """
                INSERT INTO sale (serial, order_number, order_line, customer, sold_on, recorded_by)
                SELECT s, o, l, c, d, ? FROM unnest(?::text[], ?::text[], ?::text[], ?::text[],
                                                    ?::date[]) AS t(s, o, l, c, d)
                RETURNING id
                """)
            .params(
                by,
                items.stream().map(Item::serial).toArray(String[]::new),
                items.stream().map(Item::orderNumber).toArray(String[]::new),
                items.stream().map(Item::orderLine).toArray(String[]::new),
                items.stream().map(Item::customer).toArray(String[]::new),
                dates.stream().map(LocalDate::toString).toArray(String[]::new))
            .query(Long.class)
            .list();
    Long[] idArray = ids.toArray(Long[]::new);
    jdbc.sql(
            """
            INSERT INTO unit_history (serial, kind, at, by, details)
            SELECT serial, 'Sold', recorded_at, recorded_by,
                   jsonb_strip_nulls(jsonb_build_object('sale', id, 'orderNumber', order_number,
                       'orderLine', order_line, 'customer', customer, 'soldOn', sold_on))
              FROM sale WHERE id = ANY (?)
            """)
        .param(idArray)
        .update();
    return jdbc.sql(SELECT + " WHERE id = ANY (?) ORDER BY id")
        .param(idArray)
        .query(Sale.class)
        .list();
  }

  /**
   * Records a sale of {@code serial} without the checks of {@link #sell}: for a replacement unit
   * handed over on a return, which the caller has checked.
   */
  public Sale recordReplacement(Sale original, String serial, String by) {
    long id =
        insert(
            serial,
            original.orderNumber(),
            original.orderLine(),
            original.customer(),
            LocalDate.now(),
            by);
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

  Map<String, Sale> active(java.util.Collection<String> serials) {
    Map<String, Sale> map = new HashMap<>();
    jdbc.sql(SELECT + " WHERE ended_at IS NULL AND serial = ANY (?)")
        .param(serials.toArray(String[]::new))
        .query(Sale.class)
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
        .query(Sale.class)
        .list();
  }

  private long insert(
      String serial, String order, String line, String customer, LocalDate soldOn, String by) {
    return jdbc.sql(
            """
            INSERT INTO sale (serial, order_number, order_line, customer, sold_on, recorded_by)
            VALUES (?, ?, ?, ?, ?, ?) RETURNING id
            """)
        .params(serial, order, line, customer, soldOn, by)
        .query(Long.class)
        .single();
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
