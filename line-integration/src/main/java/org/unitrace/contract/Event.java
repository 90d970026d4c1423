package org.unitrace.contract;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One fact from the line in its envelope. {@code eventId} is the idempotency key; {@code seq} rises
 * by one per agent without gaps, so the core can tell when something went missing.
 */
public record Event(
    UUID eventId,
    int schemaVersion,
    Instant occurredAt,
    String site,
    String line,
    String station,
    String agentId,
    long seq,
    EventPayload payload) {

  /** The schema version this build writes, and the newest it reads. */
  public static final int CURRENT_SCHEMA_VERSION = 1;

  public Event {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(line, "line");
    Objects.requireNonNull(station, "station");
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(payload, "payload");
    if (seq < 0) {
      throw new IllegalArgumentException("seq must not be negative: " + seq);
    }
  }

  /** The same event numbered {@code seq} in its agent's sequence, as the outbox numbers it. */
  public Event withSeq(long seq) {
    return new Event(
        eventId, schemaVersion, occurredAt, site, line, station, agentId, seq, payload);
  }

  public EventType type() {
    return payload.type();
  }

  /** The serial of the unit this event is about, or null when it is about no unit. */
  public String unitSerial() {
    return payload.unitSerial();
  }
}
