package org.unitrace.edge.station;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.unitrace.edge.config.SignalBinding;
import org.unitrace.edge.config.SignalBinding.OpcUaNode;

/**
 * A PLC as the station logic sees it in a test: node values the logic reads as it would read the
 * real one, and changes handed to the logic as the agent hands them. A node never set is
 * unreadable.
 */
final class FakePlc implements SignalReader {

  private final String name;
  private final Map<SignalBinding, Object> values = new HashMap<>();

  /** {@code name} is the PLC's name in the line YAML. */
  FakePlc(String name) {
    this.name = name;
  }

  /** The node {@code ns=2;s=<id>} of this PLC. */
  OpcUaNode node(String id) {
    return new OpcUaNode(name, "ns=2;s=" + id);
  }

  /** Sets a value the logic will read, without telling it of a change. */
  void put(String id, Object value) {
    values.put(node(id), value);
  }

  /** Sets a value and hands the change to the logic, as a subscription would. */
  Step set(LineLogic logic, String id, Object value, Instant at) {
    put(id, value);
    return logic.onSignal(node(id), value, at);
  }

  @Override
  public Map<SignalBinding, Object> read(Collection<SignalBinding> bindings) {
    Map<SignalBinding, Object> read = new HashMap<>();
    bindings.forEach(
        b -> {
          if (values.containsKey(b)) {
            read.put(b, values.get(b));
          }
        });
    return read;
  }
}
