package org.unitrace.core.shipment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.imports.Csv;
import org.unitrace.core.imports.FileImport;
import org.unitrace.core.imports.ImportRejected;
import org.unitrace.core.imports.RowProblem;
import org.unitrace.core.system.ConflictException;
import org.unitrace.core.system.NotFoundException;

/**
 * Receipts of shipments at their destination from an ERP's proof-of-delivery file, one row per
 * shipment: {@code shipment} (its reference, or {@code #id}) and, for a shipment to one of our
 * sites, the {@code location} the units go to (default: its ship-to location). Each row is what
 * {@code POST /api/shipments/{id}/receive} does, and the file is all or nothing: one shipment
 * unknown, ambiguous or received already refuses the whole file, naming its row.
 */
@Component
@RequiredArgsConstructor
class ShipmentReceiptFileImport implements FileImport {

  private final ShipmentReceipts receipts;
  private final JdbcClient jdbc;

  record ReceiptSummary(int shipments, List<Long> ids) {}

  @Override
  public String flow() {
    return "receipts";
  }

  @Override
  public List<String> columns() {
    return List.of("shipment", "location");
  }

  @Override
  @Transactional
  public ReceiptSummary importCsv(byte[] file, String by) {
    List<Csv.Row> rows = Csv.read(file, List.of("shipment"));
    List<RowProblem> problems = new ArrayList<>();
    Map<Long, Integer> seen = new HashMap<>();
    List<long[]> pending = new ArrayList<>();
    for (Csv.Row r : rows) {
      String ref = r.get("shipment");
      if (ref == null) {
        problems.add(new RowProblem(r.number(), "shipment", "is required"));
        continue;
      }
      List<Long> ids = find(ref);
      if (ids.size() != 1) {
        problems.add(
            new RowProblem(
                r.number(),
                "shipment",
                ids.isEmpty()
                    ? "no shipment '%s'".formatted(ref)
                    : "%d shipments are named '%s': give #id".formatted(ids.size(), ref)));
        continue;
      }
      Integer first = seen.putIfAbsent(ids.get(0), r.number());
      if (first != null) {
        problems.add(
            new RowProblem(
                r.number(), "shipment", "shipment '%s' is on row %d too".formatted(ref, first)));
        continue;
      }
      String received =
          jdbc.sql(
                  "SELECT received_at || ' by ' || received_by FROM shipment"
                      + " WHERE id = ? AND received_at IS NOT NULL")
              .param(ids.get(0))
              .query(String.class)
              .optional()
              .orElse(null);
      if (received != null) {
        problems.add(
            new RowProblem(
                r.number(),
                "shipment",
                "shipment '%s' was received already, on %s".formatted(ref, received)));
        continue;
      }
      pending.add(new long[] {ids.get(0), r.number()});
    }
    if (!problems.isEmpty()) {
      throw new ImportRejected(problems);
    }
    Map<Integer, Csv.Row> byNumber = new HashMap<>();
    rows.forEach(r -> byNumber.put(r.number(), r));
    List<Long> received = new ArrayList<>();
    for (long[] receipt : pending) {
      Csv.Row row = byNumber.get((int) receipt[1]);
      try {
        receipts.receive(receipt[0], row.get("location"), by);
        received.add(receipt[0]);
      } catch (ConflictException e) {
        throw new ImportRejected(
            List.of(new RowProblem(row.number(), "shipment", e.getMessage())), true);
      } catch (NotFoundException | IllegalArgumentException e) {
        throw new ImportRejected(
            List.of(
                new RowProblem(
                    row.number(),
                    e.getMessage() != null && e.getMessage().contains("location")
                        ? "location"
                        : "shipment",
                    e.getMessage())));
      }
    }
    return new ReceiptSummary(received.size(), received);
  }

  private List<Long> find(String ref) {
    if (ref.startsWith("#") && ref.substring(1).chars().allMatch(Character::isDigit)) {
      return jdbc.sql("SELECT id FROM shipment WHERE id = ?")
          .param(Long.parseLong(ref.substring(1)))
          .query(Long.class)
          .list();
    }
    return jdbc.sql("SELECT id FROM shipment WHERE reference = ? ORDER BY id")
        .param(ref)
        .query(Long.class)
        .list();
  }
}
