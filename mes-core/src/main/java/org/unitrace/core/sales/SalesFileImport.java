package org.unitrace.core.sales;

import java.util.ArrayList;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Component;
import org.unitrace.core.imports.Csv;
import org.unitrace.core.imports.FileImport;

/**
 * Sales from CSV, one row per serial sold: what {@code POST /api/sales} (text/csv) takes, and what
 * an ERP drops as a file.
 */
@Component
@RequiredArgsConstructor
class SalesFileImport implements FileImport {

  private final SalePosting posting;

  @Override
  public String flow() {
    return "sales";
  }

  @Override
  public List<String> columns() {
    return SalesController.CSV_COLUMNS;
  }

  @Override
  public List<Sales.Sale> importCsv(byte[] file, String by) {
    List<SalePosting.Item> items = new ArrayList<>();
    for (Csv.Row r : Csv.read(file, List.of("orderNumber", "customer", "serial"))) {
      items.add(
          new SalePosting.Item(
              r.number(),
              "serial",
              r.get("orderNumber"),
              r.get("orderLine"),
              r.get("customer"),
              r.get("soldOn"),
              r.get("serial")));
    }
    return posting.sell(items, by);
  }
}
