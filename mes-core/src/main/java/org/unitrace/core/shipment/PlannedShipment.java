package org.unitrace.core.shipment;

import java.util.List;

/**
 * A shipment as a caller plans it, from JSON or from CSV rows, before any check: its header and the
 * serials packed.
 */
record PlannedShipment(Header header, List<Item> items) {

  /** What a shipment says of itself; {@code row} is its first CSV row, null from JSON. */
  record Header(
      Integer row,
      String reference,
      String shipToCustomer,
      String shipToLocation,
      String carrier,
      String trackingRef,
      String shippedAt) {

    /** "customer 'C-100'" or "location 'AKL-WH1'", for timelines and alerts. */
    String destination() {
      return shipToCustomer != null
          ? "customer '" + shipToCustomer + "'"
          : "location '" + shipToLocation + "'";
    }
  }

  /**
   * One serial packed; {@code serialField} names where it was given ({@code serial} in a CSV row,
   * {@code packages[0].serials[3]} in JSON); {@code packageRef} null for a unit shipped loose.
   */
  record Item(
      Integer row,
      String serialField,
      String serial,
      String packageRef,
      String packageKind,
      String sscc) {}

  List<String> serials() {
    return items.stream().map(Item::serial).toList();
  }
}
