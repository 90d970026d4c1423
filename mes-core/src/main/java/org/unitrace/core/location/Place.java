package org.unitrace.core.location;

import java.time.OffsetDateTime;

/** Where a unit is: exactly one of a location, a shipment on its way, or a customer. */
public record Place(String location, Long shipmentId, String customer, OffsetDateTime since) {

  /** "at location 'AKL-WH1'", "on shipment #4 (in transit)", "at customer 'C-100'". */
  public String describe() {
    if (location != null) {
      return "at location '" + location + "'";
    }
    if (shipmentId != null) {
      return "on shipment #" + shipmentId + " (in transit)";
    }
    return "at customer '" + customer + "'";
  }

  /** The same, for the history's from/to columns: "AKL-WH1", "shipment #4", "customer C-100". */
  public String label() {
    if (location != null) {
      return location;
    }
    return shipmentId != null ? "shipment #" + shipmentId : "customer " + customer;
  }
}
