package org.unitrace.core.support;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventPayload;

/**
 * Builds the events one agent on one line would send, numbering them as the agent does (seq rises
 * by one per event) and letting time pass a millisecond per event.
 */
public final class TestEvents {

  private final String site;
  private final String line;
  private final String agentId;
  private long seq;
  private Instant clock = Instant.parse("2026-11-28T08:00:00Z");

  public TestEvents(String site, String line, String agentId) {
    this.site = site;
    this.line = line;
    this.agentId = agentId;
  }

  public Event at(String station, EventPayload payload) {
    clock = clock.plusMillis(1);
    return new Event(UUID.randomUUID(), 1, clock, site, line, station, agentId, seq++, payload);
  }

  /** Skips sequence numbers, as if the agent had lost them. */
  public void skip(long count) {
    seq += count;
  }

  public Event runStarted(String runId, String partNumber, String revision) {
    return at("MARK", new EventPayload.RunStarted(runId, partNumber, revision, 100, "A"));
  }

  public Event serialized(String serial, String partNumber, String runId) {
    return at("MARK", new EventPayload.UnitSerialized(serial, partNumber, "A", runId));
  }

  public Event boundSerial(String unit, String partNumber, String componentSerial) {
    return at(
        "ASSY",
        new EventPayload.ComponentBound(
            unit, partNumber, componentSerial, null, null, BigDecimal.ONE, null));
  }

  public Event boundLot(String unit, String partNumber, String lot, String supplier) {
    return at(
        "ASSY",
        new EventPayload.ComponentBound(
            unit, partNumber, null, lot, supplier, new BigDecimal("2"), null));
  }

  public Event unboundSerial(String unit, String partNumber, String componentSerial, String why) {
    return at(
        "REWORK", new EventPayload.ComponentUnbound(unit, partNumber, componentSerial, null, why));
  }

  public Event result(String unit, EventPayload.Result result) {
    return at(
        "TEST",
        new EventPayload.StationResult(unit, result, null, 4200L, Map.of("torqueNm", 12.5)));
  }

  public Event status(String unit, EventPayload.UnitStatus status) {
    return at("PACK", new EventPayload.UnitStatusChanged(unit, status, null));
  }
}
