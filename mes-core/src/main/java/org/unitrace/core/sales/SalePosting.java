package org.unitrace.core.sales;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.imports.ImportRejected;
import org.unitrace.core.imports.RowProblem;
import org.unitrace.core.location.UnitDesk;
import org.unitrace.core.location.UnitState;
import org.unitrace.core.sales.Sales.Sale;
import org.unitrace.core.stolen.StolenReports;

/**
 * Posts sales by serial, from the desk's JSON or an ERP's CSV. All or nothing: one faulty line
 * stops the whole posting, named by its row and field.
 */
@Service
@RequiredArgsConstructor
class SalePosting {

  private final JdbcClient jdbc;
  private final UnitDesk desk;
  private final Customers customers;
  private final Sales sales;
  private final AuditLog audit;

  /** One serial sold; {@code row}/{@code serialField} locate it in the request. */
  record Item(
      Integer row,
      String serialField,
      String orderNumber,
      String orderLine,
      String customer,
      String soldOn,
      String serial) {}

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
    Map<String, Sale> active = sales.active(seen.keySet());
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
    List<Sale> posted = insertAll(items, dates, by);
    audit.record(
        "sale.create",
        "sale",
        posted.get(0).orderNumber(),
        null,
        posted.size() <= 1000 ? posted : Map.of("sales", posted.size()),
        null);
    return posted;
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
    return sales.find(idArray);
  }
}
