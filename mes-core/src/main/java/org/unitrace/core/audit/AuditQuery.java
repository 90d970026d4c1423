package org.unitrace.core.audit;

import java.time.Instant;
import org.unitrace.core.system.Text;

/**
 * Which audit records to read, newest first: every filter that is given must match. {@code from} is
 * inclusive and {@code to} exclusive; {@code beforeId} pages back from the last id seen.
 */
public record AuditQuery(
    String actor,
    String action,
    String entityType,
    String entityId,
    Instant from,
    Instant to,
    int limit,
    Long beforeId) {

  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;

  public AuditQuery {
    actor = Text.blankToNull(actor);
    action = Text.blankToNull(action);
    entityType = Text.blankToNull(entityType);
    entityId = Text.blankToNull(entityId);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "parameter 'limit' must be between 1 and %d (was: %d)".formatted(MAX_LIMIT, limit));
    }
    if (from != null && to != null && from.isAfter(to)) {
      throw new IllegalArgumentException(
          "parameter 'from' (%s) is after 'to' (%s)".formatted(from, to));
    }
  }

  /** The newest records, unfiltered. */
  public static AuditQuery newest(int limit) {
    return new AuditQuery(null, null, null, null, null, null, limit, null);
  }
}
