package org.unitrace.edge.station;

import java.util.List;
import java.util.Map;
import org.unitrace.edge.outbox.Outbox.Draft;

/**
 * What one signal change produced: events to append and the station memory to save with them, in
 * one transaction.
 */
public record Step(List<Draft> events, Map<String, String> memory) {

  public static final Step NOTHING = new Step(List.of(), Map.of());

  public boolean isEmpty() {
    return events.isEmpty() && memory.isEmpty();
  }
}
