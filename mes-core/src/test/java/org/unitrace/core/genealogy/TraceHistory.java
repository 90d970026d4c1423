package org.unitrace.core.genealogy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventPayload;
import org.unitrace.core.support.TestEvents;

/**
 * A small plant history with sub-assemblies two levels deep, posted as events: three cells (a
 * widget lot, a sensor serial; glue lots loaded at the cell station one after the other) go into
 * three modules (a motor each; one motor replaced in rework), which go into three top-level units
 * (a PCB, a screw lot; a test result with process values on two; the third still in assembly).
 * Serials, runs, lots and suppliers carry the test's prefix: the test broker is shared, and a core
 * ingests what other tests publish on it too.
 */
final class TraceHistory {

  final String p;
  final List<Event> events = new ArrayList<>();
  Instant firstTest;
  Instant lastTest;

  TraceHistory(String site, String line) {
    this.p = line + "-";
    TestEvents e = new TestEvents(site, line, "edge-" + line);
    events.add(e.runStarted(p + "R-CELL", "CELL-20", "A"));
    events.add(e.runStarted(p + "R-MOD", "PUMP-100", "A"));
    events.add(e.runStarted(p + "R-TOP", "CTRL-900", "A"));
    events.add(
        e.at("CELL", new EventPayload.MaterialLoaded("GLUE-1", p + "G1", "Gluco", qty(50), "S1")));
    cell(e, 1, p + "W1", p + "Acme Widgets");
    cell(e, 2, p + "W1", p + "Acme Widgets");
    events.add(e.at("CELL", new EventPayload.MaterialUnloaded("GLUE-1", p + "G1", qty(48), "S1")));
    events.add(
        e.at("CELL", new EventPayload.MaterialLoaded("GLUE-1", p + "G2", "Gluco", qty(50), "S1")));
    cell(e, 3, p + "W2", "Other Widgets");
    for (int i = 1; i <= 3; i++) {
      events.add(
          e.at(
              "MOD",
              new EventPayload.UnitSerialized(p + "MOD-" + i, "PUMP-100", "A", p + "R-MOD")));
      events.add(e.at("MOD", bound(p + "MOD-" + i, "CELL-20", p + "CELL-" + i, null, null)));
      events.add(e.at("MOD", bound(p + "MOD-" + i, "MOTOR-7", p + "M-" + i, null, "Motorworks")));
    }
    events.add(
        e.at(
            "REWORK",
            new EventPayload.ComponentUnbound(
                p + "MOD-2", "MOTOR-7", p + "M-2", null, "noisy bearing")));
    events.add(e.at("REWORK", bound(p + "MOD-2", "MOTOR-7", p + "M-2B", null, "Motorworks")));
    for (int i = 1; i <= 3; i++) {
      events.add(
          e.at(
              "MARK",
              new EventPayload.UnitSerialized(p + "TOP-" + i, "CTRL-900", "A", p + "R-TOP")));
      events.add(e.at("ASSY", bound(p + "TOP-" + i, "PUMP-100", p + "MOD-" + i, null, null)));
      events.add(e.at("ASSY", bound(p + "TOP-" + i, "PCB-12", p + "PCB-" + i, null, "Boardhouse")));
      events.add(e.at("ASSY", bound(p + "TOP-" + i, "SCREW-M4", null, p + "SC1", "Fasteners Ltd")));
    }
    Event test1 = e.at("TEST", result(p + "TOP-1", EventPayload.Result.OK, 12.5));
    Event test2 = e.at("TEST", result(p + "TOP-2", EventPayload.Result.NOK, 9.1));
    events.add(test1);
    events.add(test2);
    firstTest = test1.occurredAt();
    lastTest = test2.occurredAt();
    events.add(e.status(p + "TOP-1", EventPayload.UnitStatus.COMPLETED));
  }

  private void cell(TestEvents e, int i, String widgetLot, String supplier) {
    String cell = p + "CELL-" + i;
    events.add(e.at("CELL", new EventPayload.UnitSerialized(cell, "CELL-20", "A", p + "R-CELL")));
    events.add(e.at("CELL", bound(cell, "WIDGET-7", null, widgetLot, supplier)));
    events.add(e.at("CELL", bound(cell, "SENSOR-4", p + "SNS-" + i, null, p + "Sensix")));
    events.add(
        e.at(
            "CELL",
            new EventPayload.StationResult(
                cell, EventPayload.Result.OK, null, 60_000L, Map.of("capacityMah", 3050))));
  }

  private static EventPayload.ComponentBound bound(
      String unit, String part, String serial, String lot, String supplier) {
    return new EventPayload.ComponentBound(unit, part, serial, lot, supplier, qty(1), null);
  }

  private static EventPayload.StationResult result(String unit, EventPayload.Result r, double nm) {
    return new EventPayload.StationResult(
        unit, r, r == EventPayload.Result.NOK ? "TORQUE_LOW" : null, 4200L, Map.of("torqueNm", nm));
  }

  private static BigDecimal qty(int n) {
    return BigDecimal.valueOf(n);
  }
}
