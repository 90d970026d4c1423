package org.unitrace.line.device;

import java.time.Duration;
import java.util.Optional;

/**
 * A framed byte channel to one device. It moves frames and nothing else: the device protocol lives
 * in a driver above it, the wire (serial port, TCP socket) in an implementation below it.
 *
 * <p>Frames are strings in ISO-8859-1, one char per byte, so binary-safe bytes such as GS (0x1D) in
 * a GS1 code survive unchanged. One thread may read while another writes; writes are whole frames.
 */
public interface DeviceChannel extends AutoCloseable {

  /** The serial port path or {@code host:port}, for messages and logs. */
  String endpoint();

  /**
   * Opens the channel, exclusively.
   *
   * @throws DeviceException naming the endpoint when the port is missing or busy, or the host
   *     refuses the connection
   */
  void open();

  boolean isOpen();

  /** Sends one frame, adding the framing bytes. */
  void write(String frame);

  /** Sends bytes as they are, without framing (trigger strings such as {@code "T\r"}). */
  void writeRaw(byte[] bytes);

  /**
   * Waits up to {@code timeout} for the next complete frame.
   *
   * @return the frame without its framing bytes, or empty when none arrived in time
   * @throws ChannelLostException when the device or cable went away
   */
  Optional<String> read(Duration timeout);

  /** Closes the channel; a closed channel may be opened again. Never throws. */
  @Override
  void close();
}
