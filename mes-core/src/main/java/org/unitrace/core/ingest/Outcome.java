package org.unitrace.core.ingest;

import java.util.UUID;

/** What became of one incoming event: stored, a duplicate of one stored before, or rejected. */
public record Outcome(Status status, UUID eventId, String reason, String path) {

  public enum Status {
    stored,
    duplicate,
    rejected
  }

  static Outcome stored(UUID eventId) {
    return new Outcome(Status.stored, eventId, null, null);
  }

  static Outcome duplicate(UUID eventId) {
    return new Outcome(Status.duplicate, eventId, null, null);
  }

  static Outcome rejected(UUID eventId, String reason, String path) {
    return new Outcome(Status.rejected, eventId, reason, path);
  }
}
