package org.unitrace.sim.device;

import java.nio.file.Path;
import org.unitrace.line.device.Framing;

/** The two ways a simulated device is wired to its driver in these tests. */
enum Wire {
  TCP,
  PTY;

  /**
   * A started endpoint serving {@code device}; closing it also stops socat. The pty links go in
   * {@code dir}, one directory per device.
   */
  Served serve(SimDevice device, Framing framing, Path dir) {
    if (this == TCP) {
      return new Served(SimEndpoint.tcp(0).framing(framing).serve(device), null);
    }
    SocatPair pair;
    try {
      pair = SocatPair.in(java.nio.file.Files.createDirectories(dir));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    try {
      return new Served(SimEndpoint.pty(pair).framing(framing).serve(device), pair);
    } catch (RuntimeException e) {
      pair.close();
      throw e;
    }
  }

  record Served(SimEndpoint endpoint, SocatPair pair) implements AutoCloseable {
    String uri() {
      return endpoint.driverUri();
    }

    @Override
    public void close() {
      endpoint.close();
      if (pair != null) {
        pair.close();
      }
    }
  }
}
