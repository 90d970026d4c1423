package org.unitrace.edge.config;

import java.nio.file.Path;

/**
 * The agent's local outbox: its file, how many unsent events it may hold, and at which share of
 * that bound the agent raises its alarm (health DOWN, metric, log) so people act before it fills.
 */
public record OutboxConfig(Path file, long maxEvents, double alarmAt) {}
