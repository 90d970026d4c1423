package org.unitrace.sim.broker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.unitrace.sim.ListenPorts;

/**
 * A Mosquitto of the test's own, so a test can take the broker away and bring it back. Sessions and
 * queued messages persist across a stop (as a production broker keeps them).
 */
public final class PrivateBroker implements AutoCloseable {

  private final Path dir;
  private final int port;
  private Process process;

  /** A broker configured in {@code dir}, on a free port; not started yet. */
  public PrivateBroker(Path dir) throws IOException {
    this.dir = dir;
    this.port = ListenPorts.free();
    Files.writeString(
        dir.resolve("mosquitto.conf"),
        """
        listener %d 127.0.0.1
        allow_anonymous true
        user root
        persistence true
        persistence_location %s/
        max_queued_messages 0
        max_queued_bytes 1073741824
        max_inflight_messages 1000
        persistent_client_expiration 1d
        """
            .formatted(port, dir.toAbsolutePath()));
  }

  public static boolean installed() {
    return Files.isExecutable(Path.of("/usr/sbin/mosquitto"))
        || Files.isExecutable(Path.of("/usr/bin/mosquitto"));
  }

  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  public void start() throws IOException {
    if (process != null && process.isAlive()) {
      return;
    }
    process =
        new ProcessBuilder("mosquitto", "-c", dir.resolve("mosquitto.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!accepts()) {
      if (System.nanoTime() > deadline || !process.isAlive()) {
        throw new IOException(
            "Mosquitto did not start on port " + port + "; see " + dir.resolve("mosquitto.log"));
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while Mosquitto starts", e);
      }
    }
  }

  /** A clean shutdown: Mosquitto writes its sessions to disk first. */
  public void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
      process = null;
    }
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      process = null;
    }
  }
}
