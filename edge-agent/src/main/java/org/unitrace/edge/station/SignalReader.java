package org.unitrace.edge.station;

import java.util.Collection;
import java.util.Map;
import org.unitrace.edge.config.SignalBinding;

/**
 * Reads the current values of signals at the moment a cycle completes, so the result, the unit and
 * the process values belong together (for OPC UA one Read request; for MQTT the values that came
 * with the message). A signal that cannot be read is absent from the answer.
 */
public interface SignalReader {
  Map<SignalBinding, Object> read(Collection<SignalBinding> bindings);
}
