package org.unitrace.line.device;

import java.time.Duration;
import java.util.Optional;

/**
 * What every byte transport shares: one open connection at a time, frames written with the device's
 * framing, and frames read back by feeding what arrives to its {@link FrameDecoder}. A transport
 * (serial port, TCP socket) only moves bytes: it connects, disconnects, writes and reads what has
 * arrived within one short poll.
 *
 * @param <C> the transport's open connection (a port, a socket)
 */
abstract class FramedChannel<C> implements DeviceChannel {

  /** How long one {@link #readSome} waits for bytes before it answers 0. */
  static final int POLL_MILLIS = 100;

  private final ChannelSettings settings;
  private final String wire;
  private final FrameDecoder decoder;
  private final byte[] buffer = new byte[1024];
  private volatile C connection;

  /**
   * @param wire what the connection is, for messages: {@code serial port}, {@code connection}
   */
  FramedChannel(ChannelSettings settings, String wire) {
    this.settings = settings;
    this.wire = wire;
    this.decoder = settings.framing().decoder();
  }

  /**
   * Opens the wire, exclusively, ready for {@link #readSome} to wait at most {@link #POLL_MILLIS}.
   *
   * @throws DeviceException naming the endpoint when it is missing, busy or refuses
   */
  abstract C connect();

  /** Closes the wire; never throws. */
  abstract void disconnect(C connection);

  /**
   * Reads what has arrived into {@code buffer}, waiting at most {@link #POLL_MILLIS}.
   *
   * @return how many bytes were read, 0 when none arrived in the poll
   * @throws ChannelLostException when the device, cable or connection went away
   */
  abstract int readSome(byte[] buffer);

  /**
   * The open connection.
   *
   * @throws ChannelLostException when the channel is not open
   */
  final C connection() {
    C c = connection;
    if (c == null) {
      throw new ChannelLostException(endpoint(), wire + " is not open");
    }
    return c;
  }

  /** Connects unless open; a channel (re)opened starts at a frame boundary. */
  @Override
  public final synchronized void open() {
    if (connection != null) {
      return;
    }
    C c = connect();
    decoder.reset();
    connection = c;
  }

  @Override
  public final boolean isOpen() {
    return connection != null;
  }

  @Override
  public final synchronized void close() {
    C c = connection;
    connection = null;
    if (c != null) {
      disconnect(c);
    }
  }

  @Override
  public final String endpoint() {
    return settings.endpoint();
  }

  @Override
  public final void write(String frame) {
    writeRaw(settings.framing().encode(frame));
  }

  @Override
  public final Optional<String> read(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<String> frame = decoder.next();
      if (frame.isPresent()) {
        return frame;
      }
      int n = readSome(buffer);
      if (n > 0) {
        try {
          decoder.feed(buffer, 0, n);
        } catch (IllegalStateException e) {
          throw new DeviceException(endpoint(), e.getMessage(), e);
        }
      } else if (System.nanoTime() - deadline >= 0) {
        return Optional.empty();
      }
    }
  }
}
