package org.unitrace.core.location;

import java.util.List;
import java.util.Map;

/**
 * What an after-sales entry of a unit's timeline says, one record per kind: its {@link #kind()} is
 * the record's name (the timeline type), its {@link #details()} the JSON the timeline shows.
 * Entries that move units carry the {@link Move}; the others leave from, to and site empty.
 */
public sealed interface HistoryEntry {

  /** Where the units went: from and to as places read ({@code WH-1}, {@code shipment #7}). */
  record Move(String from, String to, String site) {
    static final Move NONE = new Move(null, null, null);
  }

  default String kind() {
    return getClass().getSimpleName();
  }

  default Move move() {
    return Move.NONE;
  }

  Map<String, Object> details();

  record Transferred(long transfer, String note, Move move) implements HistoryEntry {
    public Map<String, Object> details() {
      return UnitHistory.details("transfer", transfer, "note", note);
    }
  }

  record Shipped(long shipment, String shipTo, String carrier, String trackingRef, Move move)
      implements HistoryEntry {
    public Map<String, Object> details() {
      return UnitHistory.details(
          "shipment", shipment, "shipTo", shipTo, "carrier", carrier, "trackingRef", trackingRef);
    }
  }

  record Received(long shipment, Move move) implements HistoryEntry {
    public Map<String, Object> details() {
      return UnitHistory.details("shipment", shipment);
    }
  }

  /** A replacement unit sold on a return; sales posted in bulk are written by SQL alike. */
  record Sold(long sale, String orderNumber, String customer, String replaces)
      implements HistoryEntry {
    public Map<String, Object> details() {
      return UnitHistory.details(
          "sale", sale, "orderNumber", orderNumber, "customer", customer, "replaces", replaces);
    }
  }

  record ReturnAuthorised(long rma, String customer, String complaint) implements HistoryEntry {
    public Map<String, Object> details() {
      return UnitHistory.details("rma", rma, "customer", customer, "complaint", complaint);
    }
  }

  record ReturnReceived(long rma, Move move) implements HistoryEntry {
    public Map<String, Object> details() {
      return UnitHistory.details("rma", rma);
    }
  }

  record ReturnInspected(long rma, String findings, String disposition, String replacementSerial)
      implements HistoryEntry {
    public Map<String, Object> details() {
      return UnitHistory.details(
          "rma",
          rma,
          "findings",
          findings,
          "disposition",
          disposition,
          "replacementSerial",
          replacementSerial);
    }
  }

  /** A repair: {@code replaced} lists the components swapped, as the repair answered them. */
  record Repaired(long rma, List<?> replaced) implements HistoryEntry {
    public Map<String, Object> details() {
      return UnitHistory.details("rma", rma, "replaced", replaced);
    }
  }
}
