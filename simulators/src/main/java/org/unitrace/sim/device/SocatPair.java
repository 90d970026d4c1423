package org.unitrace.sim.device;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * Two pseudo-terminals joined by {@code socat}, a null-modem cable in software: the simulator opens
 * {@link #deviceSide()}, the driver {@link #agentSide()}, and both go through the same serial code
 * path as a real port.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
public final class SocatPair implements AutoCloseable {

  private static final long WAIT_MILLIS = 5000;

  private final Process socat;
  private final Path agentSide;
  private final Path deviceSide;

  /**
   * Starts socat with links {@code agentSide} and {@code deviceSide} and waits until both exist.
   *
   * @throws IllegalStateException when socat is missing, exits, or makes no links in 5 s
   */
  public static SocatPair start(Path agentSide, Path deviceSide) {
    Process p;
    try {
      p =
          new ProcessBuilder(
                  "socat",
                  "pty,raw,echo=0,mode=666,link=" + agentSide,
                  "pty,raw,echo=0,mode=666,link=" + deviceSide)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start socat (is it installed?)", e);
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
    while (!(Files.exists(agentSide) && Files.exists(deviceSide))) {
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "socat exited with "
                + p.exitValue()
                + " before linking "
                + agentSide
                + " and "
                + deviceSide);
      }
      if (System.nanoTime() - deadline > 0) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "socat made no links " + agentSide + " and " + deviceSide + " within 5 s");
      }
      try {
        p.waitFor(20, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for socat", e);
      }
    }
    return new SocatPair(p, agentSide, deviceSide);
  }

  /** Starts a pair with links {@code dir/agent} and {@code dir/device}. */
  public static SocatPair in(Path dir) {
    return start(dir.resolve("agent"), dir.resolve("device"));
  }

  /** The port the driver opens, as in {@code serial:<agentSide>}. */
  public Path agentSide() {
    return agentSide;
  }

  /** The port the simulator opens. */
  public Path deviceSide() {
    return deviceSide;
  }

  public boolean isAlive() {
    return socat.isAlive();
  }

  /** Stops socat; both ptys and links go away. */
  @Override
  public void close() {
    socat.destroy();
    try {
      if (!socat.waitFor(5, TimeUnit.SECONDS)) {
        socat.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      socat.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
