package org.unitrace.core.genealogy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A unit as looked up by its serial: identity, where it was made, status and timeline. */
record UnitView(
    String serial,
    String partNumber,
    String revision,
    String runId,
    String site,
    String line,
    String station,
    String status,
    String statusReason,
    OffsetDateTime serializedAt,
    List<TimelineEntry> timeline) {

  /**
   * One event about the unit; {@code role} says whether the unit was its subject or a component.
   */
  record TimelineEntry(
      UUID eventId,
      String type,
      OffsetDateTime occurredAt,
      String site,
      String line,
      String station,
      String agentId,
      long seq,
      String role,
      JsonNode payload) {}
}
