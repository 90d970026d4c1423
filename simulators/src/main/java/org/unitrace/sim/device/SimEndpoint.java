package org.unitrace.sim.device;

import java.nio.file.Path;
import java.util.Objects;
import org.unitrace.line.device.Framing;

/**
 * Where a simulated device listens: a TCP port (as a serial device server or an Ethernet marker
 * would) or a serial port, usually one side of a {@link SocatPair}. Stopping and starting it again
 * on the same port or pty is how tests pull and replug the cable.
 */
public abstract class SimEndpoint implements AutoCloseable {

  private Framing framing = Framing.CRLF;
  private SimDevice device;

  /** A TCP endpoint on loopback; port 0 picks a free port, kept across restarts. */
  public static SimEndpoint tcp(int port) {
    return new TcpEndpoint("127.0.0.1", port);
  }

  /** A TCP endpoint on one address, e.g. {@code 0.0.0.0} for other machines to reach it. */
  public static SimEndpoint tcp(String host, int port) {
    return new TcpEndpoint(host, port);
  }

  /** The device side of a socat pty pair; the driver opens {@link SocatPair#agentSide()}. */
  public static SimEndpoint pty(SocatPair pair) {
    return new SerialEndpoint(pair.deviceSide(), pair.agentSide());
  }

  /** A real serial port, e.g. one end of a null-modem cable; the driver's port is not known. */
  public static SimEndpoint serial(Path port) {
    return new SerialEndpoint(port, null);
  }

  /** The framing both sides use; set before {@link #serve}. CR LF unless set. */
  public SimEndpoint framing(Framing framing) {
    this.framing = Objects.requireNonNull(framing, "framing");
    return this;
  }

  public Framing framing() {
    return framing;
  }

  /** Starts serving {@code device}. */
  public final synchronized SimEndpoint serve(SimDevice device) {
    if (this.device != null) {
      throw new IllegalStateException(this + " already serves a device");
    }
    this.device = Objects.requireNonNull(device, "device");
    start();
    return this;
  }

  /** Starts again after {@link #stop()}, on the same port or pty, with the same device. */
  public final synchronized void start() {
    if (device == null) {
      throw new IllegalStateException(this + ": serve(device) first");
    }
    start(device, framing);
  }

  /** Drops every connection and stops listening; {@link #start()} brings it back. */
  public abstract void stop();

  public abstract boolean isRunning();

  /** The TCP port (the real one when asked for 0). */
  public abstract int port();

  /** The channel URI a driver uses to reach this endpoint, framing included. */
  public abstract String driverUri();

  protected abstract void start(SimDevice device, Framing framing);

  @Override
  public void close() {
    stop();
  }
}
