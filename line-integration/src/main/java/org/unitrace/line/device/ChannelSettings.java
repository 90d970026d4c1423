package org.unitrace.line.device;

import java.time.Duration;

/**
 * How to reach one device: a serial port or a TCP endpoint of a serial device server, and the
 * framing the device uses. Immutable; parse it from the URI a plant engineer writes in the line
 * configuration with {@link #parse(String)}:
 *
 * <pre>
 * serial:/dev/ttyUSB0?baud=9600&amp;dataBits=8&amp;parity=none&amp;stopBits=1&amp;flow=none&amp;framing=crlf
 * serial:COM3?baud=115200
 * tcp://10.0.0.5:4001?framing=stx-etx&amp;connectTimeout=3s
 * </pre>
 */
public sealed interface ChannelSettings permits SerialSettings, TcpSettings {

  /** The serial port path or {@code host:port}, as error messages name it. */
  String endpoint();

  Framing framing();

  /** A new, closed channel for these settings. */
  DeviceChannel newChannel();

  /**
   * Parses a channel URI.
   *
   * @throws IllegalArgumentException naming the URI and the bad key or value
   */
  static ChannelSettings parse(String uri) {
    return ChannelUri.parse(uri);
  }

  /** The default time to wait for a TCP connection to a device server. */
  Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
}
