package org.unitrace.sim;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports for a server that a test takes away and brings back while its clients keep
 * reconnecting (a broker, a database cluster, a simulated device).
 *
 * <p>Such a port must lie below the kernel's ephemeral range. A client that reconnects to a closed
 * loopback port inside that range is now and then given that same port as its own local port, and
 * the kernel then connects the socket to itself (TCP simultaneous open): the client reads its own
 * request back as the answer, and holds the port so that the server cannot listen on it when it
 * comes back ("could not bind"). A port from {@code new ServerSocket(0)} comes from that range.
 */
public final class ListenPorts {

  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

  private ListenPorts() {}

  /** A loopback port free now, below the ephemeral range. */
  public static int free() {
    int below = ephemeralStart();
    int lowest = 10_000;
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(lowest, below);
      try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return probe.getLocalPort();
      } catch (IOException taken) {
        // in use: try another
      }
    }
    throw new IllegalStateException(
        "no free loopback port between " + lowest + " and " + below + " after 200 tries");
  }

  private static int ephemeralStart() {
    try {
      int start = Integer.parseInt(Files.readString(EPHEMERAL_RANGE).trim().split("\\s+")[0]);
      return Math.max(start, 20_000);
    } catch (IOException | RuntimeException e) {
      return 32_768; // Linux's default when the range cannot be read
    }
  }
}
