package org.unitrace.edge.signal;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.unitrace.edge.config.SignalBinding;

/** One PLC or station broker the agent reads signals from. */
public interface SignalSource extends AutoCloseable {

  /** The {@code plcs} or {@code brokers} entry this source serves. */
  String name();

  /** Connects (retrying in the background until it succeeds) and starts delivering values. */
  void start(SourceListener listener);

  /** Current values of these signals; a signal that cannot be read now is left out. */
  Map<SignalBinding, Object> read(Collection<SignalBinding> bindings);

  /**
   * Current values of these signals with the time each took its value where the source knows it (an
   * OPC UA server's source timestamp), else the time of the read; a signal that cannot be read now
   * is left out.
   */
  default Map<SignalBinding, Reading> readTimed(Collection<SignalBinding> bindings) {
    Instant now = Instant.now();
    Map<SignalBinding, Reading> readings = new HashMap<>();
    read(bindings).forEach((b, v) -> readings.put(b, new Reading(v, now)));
    return readings;
  }

  /** A signal's value and the time it took it. */
  record Reading(Object value, Instant since) {}

  /** Writes a value to an output signal (e.g. the result the agent reports to the PLC). */
  default void write(SignalBinding binding, Object value) {
    throw new UnsupportedOperationException(name() + " cannot write " + binding.describe());
  }

  boolean isConnected();

  /** What is wrong, for health and logs; null when connected. */
  String problem();

  /** How often the source had to reconnect. */
  long reconnects();

  @Override
  void close();
}
