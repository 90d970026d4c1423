package org.unitrace.core.sales;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.unitrace.core.imports.RowProblem;
import org.unitrace.core.location.UnitState;
import org.unitrace.core.stolen.StolenReports;

/** What makes a sale line acceptable: well formed first, then a unit that may be sold. */
final class SaleChecks {

  private SaleChecks() {}

  /**
   * Checks every line's fields, naming its row; answers each line's sale date (today when the line
   * gives none) and fills {@code seen} with the serials and their first line.
   */
  static List<LocalDate> checkItems(
      List<SalePosting.Item> items,
      Predicate<String> customerExists,
      Map<String, Integer> seen,
      List<RowProblem> problems) {
    Map<String, Boolean> knownCustomers = new HashMap<>();
    List<LocalDate> dates = new ArrayList<>();
    for (int n = 0; n < items.size(); n++) {
      SalePosting.Item i = items.get(n);
      required(problems, i, "orderNumber", i.orderNumber());
      required(problems, i, "customer", i.customer());
      required(problems, i, i.serialField(), i.serial());
      if (i.customer() != null
          && !knownCustomers.computeIfAbsent(i.customer(), customerExists::test)) {
        problems.add(
            new RowProblem(
                i.row(), "customer", "customer '%s' is not known".formatted(i.customer())));
      }
      dates.add(date(problems, i));
      if (i.serial() != null && seen.putIfAbsent(i.serial(), n) != null) {
        problems.add(
            new RowProblem(
                i.row(), i.serialField(), "serial '%s' is listed twice".formatted(i.serial())));
      }
    }
    return dates;
  }

  /** Why the unit cannot be sold, or null when it can. */
  static String refusal(
      SalePosting.Item i, UnitState s, StolenReports.Report flagged, Sales.Sale active) {
    if (!s.known()) {
      return "unit '%s' is not known".formatted(i.serial());
    }
    if ("SCRAPPED".equals(s.status())) {
      return "unit '%s' is scrapped".formatted(i.serial());
    }
    if (flagged != null) {
      return "unit '%s' is %s".formatted(i.serial(), flagged.describe());
    }
    if (active != null) {
      return "unit '%s' is sold already (order '%s', customer '%s')"
          .formatted(i.serial(), active.orderNumber(), active.customer());
    }
    return null;
  }

  private static void required(
      List<RowProblem> problems, SalePosting.Item i, String field, String value) {
    if (value == null) {
      problems.add(new RowProblem(i.row(), field, "is required"));
    }
  }

  private static LocalDate date(List<RowProblem> problems, SalePosting.Item i) {
    if (i.soldOn() == null) {
      return LocalDate.now();
    }
    try {
      return LocalDate.parse(i.soldOn());
    } catch (DateTimeParseException e) {
      problems.add(
          new RowProblem(
              i.row(), "soldOn", "'%s' is not a date (YYYY-MM-DD)".formatted(i.soldOn())));
      return null;
    }
  }
}
