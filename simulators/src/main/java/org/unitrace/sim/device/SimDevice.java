package org.unitrace.sim.device;

/**
 * A simulated device behind a {@link SimEndpoint}: it sees whole frames and answers on the link
 * they came from, or on its own (a completion report, a continuous read). Called from the
 * endpoint's reader threads, so implementations are thread-safe.
 */
public interface SimDevice {

  /** A driver connected (TCP) or the port was opened (serial). */
  default void connected(Link link) {}

  /** One frame, without its framing bytes. */
  void received(String frame, Link link);

  /** The connection ended. */
  default void disconnected(Link link) {}

  /** One connection to a driver. */
  interface Link {

    /** Sends one frame, adding the framing bytes; a frame to a closed link is dropped. */
    void send(String frame);

    boolean isOpen();
  }
}
