package org.unitrace.core.genealogy;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A unit as looked up by its serial: identity, where it was made, status and timeline. */
record UnitView(
    @JsonUnwrapped GenealogyRepository.UnitRow unit,
    Place place,
    StolenFlag stolen,
    List<TimelineEntry> timeline) {

  /** Where the unit is: one of a location, a shipment on its way, a customer; null if nowhere. */
  record Place(String location, Long shipmentId, String customer, OffsetDateTime since) {}

  /** Set while the unit is reported stolen or lost, for whoever looks it up. */
  record StolenFlag(
      long reportId,
      String kind,
      String reportedBy,
      String policeReference,
      OffsetDateTime reportedAt) {}

  /**
   * One event about the unit; {@code role} says whether the unit was its subject or a component, or
   * {@code after-sales} for a move, shipment, sale, return, repair or stolen report (those have no
   * agent or seq; {@code agentId} holds who recorded it and the payload the details).
   */
  record TimelineEntry(
      UUID eventId,
      String type,
      OffsetDateTime occurredAt,
      String site,
      String line,
      String station,
      String agentId,
      Long seq,
      String role,
      JsonNode payload) {}
}
