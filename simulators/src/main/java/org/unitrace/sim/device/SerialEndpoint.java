package org.unitrace.sim.device;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import lombok.RequiredArgsConstructor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unitrace.line.DaemonThreads;
import org.unitrace.line.device.ChannelSettings;
import org.unitrace.line.device.DeviceChannel;
import org.unitrace.line.device.DeviceException;
import org.unitrace.line.device.Framing;

/** A device on a serial port, opened through line-integration's own serial channel. */
final class SerialEndpoint extends SimEndpoint {

  private static final Logger log = LoggerFactory.getLogger(SerialEndpoint.class);

  private final Path port;
  private final Path agentSide;
  private volatile DeviceChannel channel;
  private volatile Thread reader;

  SerialEndpoint(Path port, Path agentSide) {
    this.port = port;
    this.agentSide = agentSide;
  }

  @Override
  protected synchronized void start(SimDevice device, Framing framing) {
    if (channel != null) {
      return;
    }
    DeviceChannel c =
        ChannelSettings.parse("serial:" + port + "?framing=" + framing.key()).newChannel();
    c.open();
    channel = c;
    Link link = new Link(c);
    Thread t =
        DaemonThreads.create("sim-serial-" + port.getFileName(), () -> read(c, link, device));
    reader = t;
    device.connected(link);
    t.start();
  }

  private void read(DeviceChannel c, Link link, SimDevice device) {
    try {
      while (channel == c) {
        Optional<String> frame = c.read(Duration.ofMillis(100));
        frame.ifPresent(f -> device.received(f, link));
      }
    } catch (DeviceException e) {
      if (channel == c) {
        log.warn("{}: {}", this, e.getMessage());
      }
    } finally {
      device.disconnected(link);
    }
  }

  @Override
  public synchronized void stop() {
    DeviceChannel c = channel;
    channel = null;
    Thread t = reader;
    reader = null;
    if (t != null) {
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (c != null) {
      c.close();
    }
  }

  @Override
  public boolean isRunning() {
    return channel != null;
  }

  @Override
  public int port() {
    throw new UnsupportedOperationException(this + " has no TCP port");
  }

  @Override
  public String driverUri() {
    if (agentSide == null) {
      throw new IllegalStateException(this + ": the driver's side of the cable is not known");
    }
    return "serial:" + agentSide + "?framing=" + framing().key();
  }

  @Override
  public String toString() {
    return "simulated device on serial " + port;
  }

  @RequiredArgsConstructor
  private final class Link implements SimDevice.Link {
    private final DeviceChannel c;

    @Override
    public void send(String frame) {
      if (channel != c) {
        return;
      }
      try {
        c.write(frame);
      } catch (DeviceException e) {
        log.debug("frame to {} dropped: {}", port, e.getMessage());
      }
    }

    @Override
    public boolean isOpen() {
      return channel == c;
    }
  }
}
