package org.unitrace.edge.signal;

import java.time.Instant;
import java.util.function.Predicate;
import org.unitrace.edge.config.SignalBinding;

/** What a source reports; calls may come from any thread. */
public interface SourceListener {

  /** A signal's value changed, or its first value after a (re)connect arrived. */
  void onValue(SignalBinding binding, Object value, Instant at);

  /** The signals {@code affected} selects are not visible any more (session lost, death). */
  void onDown(Predicate<SignalBinding> affected, String reason, Instant at);

  /**
   * Returns once everything reported so far is processed and its events are in the outbox: a source
   * that must acknowledge a message (MQTT QoS 1) calls this first, so a crash between the
   * acknowledgement and the outbox cannot lose the message.
   */
  default void flush() {}
}
