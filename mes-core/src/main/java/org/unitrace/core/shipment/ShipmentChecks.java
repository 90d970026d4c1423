package org.unitrace.core.shipment;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Component;
import org.unitrace.core.imports.ImportRejected;
import org.unitrace.core.imports.RowProblem;
import org.unitrace.core.location.Locations;
import org.unitrace.core.sales.Customers;

/**
 * What a shipment is checked for before any unit is looked at: a well-formed header and packing
 * list (400 when not). Each unit's state is {@link ShipmentRefusals}' to check.
 */
@Component
@RequiredArgsConstructor
class ShipmentChecks {

  private final Locations locations;
  private final Customers customers;

  /**
   * Checks every planned shipment and answers the time each ships at, in order; refuses them all
   * (400) with every problem found. {@code seen} collects each serial with where it was listed.
   */
  List<Instant> check(List<PlannedShipment> planned, Map<String, PlannedShipment.Item> seen) {
    List<RowProblem> problems = new ArrayList<>();
    List<Instant> times = new ArrayList<>();
    for (PlannedShipment p : planned) {
      times.add(checkHeader(p.header(), problems));
      checkItems(p.items(), seen, problems);
    }
    if (!problems.isEmpty()) {
      throw new ImportRejected(problems);
    }
    return times;
  }

  private Instant checkHeader(PlannedShipment.Header h, List<RowProblem> problems) {
    if ((h.shipToCustomer() == null) == (h.shipToLocation() == null)) {
      problems.add(
          new RowProblem(
              h.row(), "shipToCustomer", "give exactly one of shipToCustomer and shipToLocation"));
    } else if (h.shipToCustomer() != null && !customers.exists(h.shipToCustomer())) {
      problems.add(
          new RowProblem(
              h.row(),
              "shipToCustomer",
              "customer '%s' is not known".formatted(h.shipToCustomer())));
    } else if (h.shipToLocation() != null && locations.find(h.shipToLocation()).isEmpty()) {
      problems.add(
          new RowProblem(
              h.row(),
              "shipToLocation",
              "location '%s' is not known".formatted(h.shipToLocation())));
    }
    if (h.shippedAt() == null) {
      return Instant.now();
    }
    try {
      return OffsetDateTime.parse(h.shippedAt()).toInstant();
    } catch (DateTimeParseException e) {
      problems.add(
          new RowProblem(
              h.row(),
              "shippedAt",
              "'%s' is not a time with offset (2026-11-28T10:15:00Z)".formatted(h.shippedAt())));
      return null;
    }
  }

  private static void checkItems(
      List<PlannedShipment.Item> items,
      Map<String, PlannedShipment.Item> seen,
      List<RowProblem> problems) {
    if (items.isEmpty()) {
      problems.add(new RowProblem(null, "serials", "a shipment needs at least one serial"));
    }
    Map<String, PlannedShipment.Item> packages = new HashMap<>();
    for (PlannedShipment.Item i : items) {
      if (i.serial() == null) {
        problems.add(new RowProblem(i.row(), i.serialField(), "the serial is empty"));
      } else if (seen.putIfAbsent(i.serial(), i) != null) {
        problems.add(
            new RowProblem(
                i.row(), i.serialField(), "serial '%s' is listed twice".formatted(i.serial())));
      }
      if (i.packageKind() != null && !List.of("PACKAGE", "PALLET").contains(i.packageKind())) {
        problems.add(
            new RowProblem(
                i.row(),
                "packageKind",
                "must be PACKAGE or PALLET, was '%s'".formatted(i.packageKind())));
      }
      if (i.sscc() != null) {
        String wrong = Sscc.problem(i.sscc());
        if (wrong != null) {
          problems.add(new RowProblem(i.row(), "sscc", wrong));
        }
        if (i.packageRef() == null) {
          problems.add(new RowProblem(i.row(), "package", "an SSCC needs its package"));
        }
      }
      if (i.packageRef() != null) {
        PlannedShipment.Item first = packages.putIfAbsent(i.packageRef(), i);
        if (first != null && !Objects.equals(first.sscc(), i.sscc())) {
          problems.add(
              new RowProblem(
                  i.row(),
                  "sscc",
                  "package '%s' has SSCC '%s' elsewhere".formatted(i.packageRef(), first.sscc())));
        }
      }
    }
  }
}
