package org.unitrace.core.shipment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Component;
import org.unitrace.core.imports.ImportRejected;
import org.unitrace.core.imports.RowProblem;
import org.unitrace.core.location.UnitDesk;
import org.unitrace.core.location.UnitState;
import org.unitrace.core.stolen.StolenReports;

/**
 * The units' side of shipping (409 when refused): a stolen or lost unit raises its alert as soon as
 * the desk sees it, then every unit's state is locked and read in one statement for the whole
 * shipment, and a held, scrapped, unknown, stolen or already-shipped unit refuses it.
 */
@Component
@RequiredArgsConstructor
class ShipmentRefusals {

  private final UnitDesk desk;

  /** Raises (and commits on its own) the alerts for stolen or lost units among the planned. */
  void seen(List<PlannedShipment> planned, String by) {
    for (PlannedShipment p : planned) {
      desk.seen(
          p.items().stream().map(PlannedShipment.Item::serial).filter(Objects::nonNull).toList(),
          "shipping desk",
          "shipment to %s by %s".formatted(p.header().destination(), by));
    }
  }

  /**
   * The state of every serial, locked until the transaction ends; refuses the whole plan, naming
   * each unit that may not go and why, when one may not.
   */
  Map<String, UnitState> lockOrRefuse(List<PlannedShipment> planned, Collection<String> serials) {
    Map<String, UnitState> states = desk.lock(serials);
    Map<String, StolenReports.Report> flagged = desk.stolen(serials);
    List<RowProblem> problems = new ArrayList<>();
    for (PlannedShipment p : planned) {
      for (PlannedShipment.Item i : p.items()) {
        String refusal = refusal(states.get(i.serial()), flagged.get(i.serial()));
        if (refusal != null) {
          problems.add(new RowProblem(i.row(), i.serialField(), refusal));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ImportRejected(problems, true);
    }
    return states;
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
}
