package org.unitrace.edge.signal;

import java.util.Collection;
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
