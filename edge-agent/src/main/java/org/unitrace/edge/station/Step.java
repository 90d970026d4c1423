package org.unitrace.edge.station;

import java.util.List;
import java.util.Map;
import org.unitrace.contract.EventPayload;
import org.unitrace.edge.config.SignalBinding;

/**
 * What one signal change produced: events to append and the station memory to save with them, in
 * one transaction.
 */
public record Step(
    List<Event> events, Map<String, String> memory, List<Output> outputs, List<MarkRequest> marks) {

  /**
   * An event the logic wants recorded: where it happened, what, and when. The agent numbers and
   * stores it; the logic knows nothing of how.
   */
  public record Event(String station, EventPayload payload, java.time.Instant occurredAt) {}

  public static final Step NOTHING = new Step(List.of(), Map.of(), List.of(), List.of());

  public Step(List<Event> events, Map<String, String> memory, List<Output> outputs) {
    this(events, memory, outputs, List.of());
  }

  /**
   * A part arrived at a marking station: the agent must issue a serial for this run and product,
   * mark and verify it, then report with {@link LineLogic#marked}.
   */
  public record MarkRequest(
      String station,
      String runId,
      String partNumber,
      String revision,
      String shift,
      java.time.Instant at) {}

  /** A value the agent writes back to the line (e.g. its verdict on a unit to the PLC). */
  public record Output(String station, SignalBinding binding, Object value) {}

  public boolean isEmpty() {
    return events.isEmpty() && memory.isEmpty() && outputs.isEmpty() && marks.isEmpty();
  }
}
