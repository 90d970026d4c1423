package org.unitrace.line.mqtt;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * The QoS 1 messages of one connection not acknowledged yet, in the order received. MQTT wants
 * PUBACKs in the order of the PUBLISHes, while a message's user may finish them in any order: a
 * message finished early waits for those received before it, and then goes with them.
 */
final class InOrderAcks {

  private final ArrayDeque<Integer> received = new ArrayDeque<>();
  private final Set<Integer> unacknowledged = new HashSet<>();
  private final Set<Integer> finished = new HashSet<>();

  /** A message arrived on this connection, after every one before it. */
  synchronized void received(int messageId) {
    if (unacknowledged.add(messageId)) {
      received.add(messageId);
    }
  }

  /**
   * The message is finished: acknowledges it, and every finished one held back behind it, in the
   * order received ({@code send} runs under this object's lock, so two callers cannot interleave).
   */
  synchronized void finished(int messageId, IntConsumer send) {
    if (!unacknowledged.contains(messageId)) {
      return; // acknowledged already, or not from this connection
    }
    finished.add(messageId);
    while (!received.isEmpty() && finished.remove(received.peekFirst())) {
      int next = received.pollFirst();
      unacknowledged.remove(next);
      send.accept(next);
    }
  }
}
