package org.unitrace.line.device;

import java.time.Duration;
import java.util.Objects;

/**
 * A raw TCP endpoint, as a serial device server (Moxa NPort in TCP server mode, Lantronix) or a
 * device with its own Ethernet port exposes a serial protocol.
 */
public record TcpSettings(String host, int port, Framing framing, Duration connectTimeout)
    implements ChannelSettings {

  public TcpSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(framing, "framing");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    if (host.isBlank()) {
      throw new IllegalArgumentException("tcp host is empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("tcp port " + port + " for " + host + " is not 1..65535");
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException(
          "connectTimeout " + connectTimeout + " for " + host + ":" + port + " is not positive");
    }
  }

  public static TcpSettings of(String host, int port, Framing framing) {
    return new TcpSettings(host, port, framing, ChannelSettings.DEFAULT_CONNECT_TIMEOUT);
  }

  @Override
  public String endpoint() {
    return host + ":" + port;
  }

  @Override
  public DeviceChannel newChannel() {
    return new TcpChannel(this);
  }
}
