package org.unitrace.core.shipment;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;
import org.unitrace.core.imports.RowProblem;
import org.unitrace.core.location.Locations;
import org.unitrace.core.location.UnitState;
import org.unitrace.core.sales.Customers;
import org.unitrace.core.stolen.StolenReports;

/**
 * What a shipment is checked for before anything is written: a well-formed header and packing list
 * (400 when not), then each unit's state (409): the reasons a plant gives for not shipping.
 */
@Component
class ShipmentChecks {

  private final Locations locations;
  private final Customers customers;

  ShipmentChecks(Locations locations, Customers customers) {
    this.locations = locations;
    this.customers = customers;
  }

  static String refusal(UnitState s, StolenReports.Report report) {
    if (!s.known()) {
      return "unit '%s' is not known".formatted(s.serial());
    }
    if (s.holdId() != null) {
      return "unit '%s' is on hold (hold #%d: %s)"
          .formatted(s.serial(), s.holdId(), s.holdReason());
    }
    if ("HELD".equals(s.status())) {
      return "unit '%s' is held".formatted(s.serial());
    }
    if ("SCRAPPED".equals(s.status())) {
      return "unit '%s' is scrapped".formatted(s.serial());
    }
    if (s.place() != null && s.place().location() == null) {
      return "unit '%s' is shipped already: it is %s".formatted(s.serial(), s.place().describe());
    }
    if (report != null) {
      return "unit '%s' is %s".formatted(s.serial(), report.describe());
    }
    return null;
  }

  Instant checkHeader(Shipments.Header h, List<RowProblem> problems) {
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

  static void checkItems(
      List<Shipments.Item> items, Map<String, Shipments.Item> seen, List<RowProblem> problems) {
    if (items.isEmpty()) {
      problems.add(new RowProblem(null, "serials", "a shipment needs at least one serial"));
    }
    Map<String, Shipments.Item> packages = new HashMap<>();
    for (Shipments.Item i : items) {
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
        Shipments.Item first = packages.putIfAbsent(i.packageRef(), i);
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
