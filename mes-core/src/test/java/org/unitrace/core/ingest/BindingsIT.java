package org.unitrace.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.unitrace.contract.Event;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.TestEvents;
import org.unitrace.core.support.TestServers;

/**
 * Genealogy edges whatever order and batches the binds and unbinds of a component arrive in: a
 * batch's single binds are written as one statement, the rest one by one, and both must leave the
 * same rows.
 */
class BindingsIT extends CoreITSupport {

  @Test
  void aBindAndItsUnbindInOneBatchLeaveOneClosedEdge() {
    TestEvents events = line();
    Event bind = events.boundSerial("BND-U1", "PCB-1", "PCB-0001");
    Event unbind = events.unboundSerial("BND-U1", "PCB-1", "PCB-0001", "rework");
    postStored(List.of(bind, unbind));

    assertThat(edges("BND-U1")).containsExactly(closed(bind, unbind));
  }

  @Test
  void anUnbindThatArrivesBeforeItsBindIsCompletedByTheBind() {
    TestEvents events = line();
    Event bind = events.boundSerial("BND-U2", "PCB-1", "PCB-0002");
    Event unbind = events.unboundSerial("BND-U2", "PCB-1", "PCB-0002", "rework");
    Event other = events.boundLot("BND-U2", "SCREW-1", "LOT-7", "ACME");
    postStored(List.of(unbind));
    postStored(List.of(other, bind));

    assertThat(edges("BND-U2")).containsExactlyInAnyOrder(closed(bind, unbind), open(other));
  }

  @Test
  void anUnbindAndItsLateBindInOneBatchAreOneEdge() {
    TestEvents events = line();
    Event bind = events.boundSerial("BND-U3", "PCB-1", "PCB-0003");
    Event unbind = events.unboundSerial("BND-U3", "PCB-1", "PCB-0003", "rework");
    postStored(List.of(unbind, bind));

    assertThat(edges("BND-U3")).containsExactly(closed(bind, unbind));
  }

  @Test
  void aComponentBoundAgainAfterReworkIsASecondEdge() {
    TestEvents events = line();
    Event bind = events.boundSerial("BND-U4", "PCB-1", "PCB-0004");
    Event unbind = events.unboundSerial("BND-U4", "PCB-1", "PCB-0004", "rework");
    Event again = events.boundSerial("BND-U4", "PCB-1", "PCB-0004");
    postStored(List.of(bind));
    postStored(List.of(unbind));
    postStored(List.of(again));

    assertThat(edges("BND-U4")).containsExactlyInAnyOrder(closed(bind, unbind), open(again));
  }

  @Test
  void aLotSeenEarlierByALaterBatchMovesItsFirstSightingBackAndKeepsItsSupplier() {
    TestEvents events = line();
    Event early = events.boundLot("BND-U5", "GLUE-1", "LOT-BND-5", null);
    Event late = events.boundLot("BND-U6", "GLUE-1", "LOT-BND-5", "GLUECO");
    postStored(List.of(late));
    postStored(List.of(early));

    Map<String, Object> lot =
        jdbc.queryForMap(
            "SELECT supplier, first_seen_at FROM supplier_lot WHERE part_number = 'GLUE-1'"
                + " AND lot = 'LOT-BND-5'");
    assertThat(lot.get("supplier")).isEqualTo("GLUECO");
    assertThat(((java.sql.Timestamp) lot.get("first_seen_at")).toInstant())
        .isEqualTo(early.occurredAt());
  }

  private TestEvents line() {
    String line = TestServers.unique("L");
    return new TestEvents(SITE, line, "edge-" + line);
  }

  /** Each edge of the unit as "component: bound event, unbound event" (null where missing). */
  private List<String> edges(String unit) {
    return jdbc.query(
        "SELECT part_number, coalesce(component_serial, lot), bound_event, unbound_event"
            + " FROM unit_component WHERE unit_serial = ? ORDER BY id",
        (rs, i) ->
            rs.getString(1)
                + "/"
                + rs.getString(2)
                + ": "
                + rs.getString(3)
                + ", "
                + rs.getString(4),
        unit);
  }

  private static String closed(Event bind, Event unbind) {
    return edge(bind) + unbind.eventId();
  }

  private static String open(Event bind) {
    return edge(bind) + "null";
  }

  private static String edge(Event bind) {
    var b = (org.unitrace.contract.EventPayload.ComponentBound) bind.payload();
    String what = b.componentSerial() != null ? b.componentSerial() : b.lot();
    return b.partNumber() + "/" + what + ": " + bind.eventId() + ", ";
  }
}
