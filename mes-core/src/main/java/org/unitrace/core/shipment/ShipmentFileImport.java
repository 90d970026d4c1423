package org.unitrace.core.shipment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Component;
import org.unitrace.core.imports.Csv;
import org.unitrace.core.imports.FileImport;
import org.unitrace.core.imports.ImportRejected;
import org.unitrace.core.imports.RowProblem;

/**
 * Shipments from CSV, one row per serial, rows grouped into shipments by the {@code shipment}
 * column: what {@code POST /api/shipments} (text/csv) takes, and what an ERP drops as a shipment
 * confirmation file.
 */
@Component
@RequiredArgsConstructor
class ShipmentFileImport implements FileImport {

  private static final List<String> HEADER_COLUMNS = ShipmentController.CSV_COLUMNS.subList(1, 6);

  private final Shipments shipments;

  @Override
  public String flow() {
    return "shipments";
  }

  @Override
  public List<String> columns() {
    return ShipmentController.CSV_COLUMNS;
  }

  @Override
  public List<ShipmentViews.Shipment> importCsv(byte[] file, String by) {
    List<Csv.Row> rows = Csv.read(file, List.of("shipment", "serial"));
    Map<String, List<Csv.Row>> groups = new LinkedHashMap<>();
    List<RowProblem> problems = new ArrayList<>();
    for (Csv.Row r : rows) {
      if (r.get("shipment") == null) {
        problems.add(new RowProblem(r.number(), "shipment", "is required"));
      } else {
        groups.computeIfAbsent(r.get("shipment"), k -> new ArrayList<>()).add(r);
      }
    }
    List<PlannedShipment> planned = new ArrayList<>();
    groups.forEach(
        (ref, group) -> {
          Csv.Row first = group.get(0);
          for (Csv.Row r : group.subList(1, group.size())) {
            for (String column : HEADER_COLUMNS) {
              if (r.get(column) != null && !Objects.equals(r.get(column), first.get(column))) {
                problems.add(
                    new RowProblem(
                        r.number(),
                        column,
                        "'%s' differs from '%s' on row %d of shipment '%s'"
                            .formatted(r.get(column), first.get(column), first.number(), ref)));
              }
            }
          }
          List<PlannedShipment.Item> items =
              group.stream()
                  .map(
                      r ->
                          new PlannedShipment.Item(
                              r.number(),
                              "serial",
                              r.get("serial"),
                              r.get("package"),
                              upper(r.get("packageKind")),
                              r.get("sscc")))
                  .toList();
          planned.add(
              new PlannedShipment(
                  new PlannedShipment.Header(
                      first.number(),
                      ref,
                      first.get("shipToCustomer"),
                      first.get("shipToLocation"),
                      first.get("carrier"),
                      first.get("trackingRef"),
                      first.get("shippedAt")),
                  items));
        });
    if (!problems.isEmpty()) {
      throw new ImportRejected(problems);
    }
    return shipments.ship(planned, by);
  }

  private static String upper(String s) {
    return s == null || s.isBlank() ? null : s.strip().toUpperCase();
  }
}
