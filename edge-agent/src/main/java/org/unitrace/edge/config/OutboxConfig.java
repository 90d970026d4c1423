package org.unitrace.edge.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The agent's local outbox: its file, how many unsent events it may hold, at which share of that
 * bound the agent raises its alarm (health DOWN, metric, log) so people act before it fills, and
 * how long it remembers a serialized component it bound (to refuse a second use at the line; the
 * core keeps the whole record and reports a later double use as an exception).
 */
public record OutboxConfig(Path file, long maxEvents, double alarmAt, Duration keepBoundFor) {

  public OutboxConfig(Path file, long maxEvents, double alarmAt) {
    this(file, maxEvents, alarmAt, Duration.ofDays(90));
  }
}
