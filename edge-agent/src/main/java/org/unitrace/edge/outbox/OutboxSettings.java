package org.unitrace.edge.outbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the outbox lives and how it behaves.
 *
 * @param file the SQLite file
 * @param agentId the agent whose {@code seq} counter events get when {@code append} names none
 * @param sentRetention how long a sent event stays on disk for inspection; zero deletes it as soon
 *     as the broker has acknowledged it, so disk holds only what is still owed to the core
 */
public record OutboxSettings(Path file, String agentId, Duration sentRetention) {

  public OutboxSettings {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(sentRetention, "sentRetention");
    if (agentId.isBlank()) {
      throw new IllegalArgumentException("outbox agentId must not be blank");
    }
    if (sentRetention.isNegative()) {
      throw new IllegalArgumentException(
          "outbox sentRetention must not be negative: " + sentRetention);
    }
  }

  /** Sent events are deleted immediately. */
  public static OutboxSettings of(Path file, String agentId) {
    return new OutboxSettings(file, agentId, Duration.ZERO);
  }

  public OutboxSettings withSentRetention(Duration retention) {
    return new OutboxSettings(file, agentId, retention);
  }
}
