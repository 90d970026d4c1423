package org.unitrace.line.device;

import java.time.Duration;
import java.util.Optional;

/**
 * What every byte transport shares: frames written with the device's framing, and frames read back
 * by feeding what arrives to its {@link FrameDecoder}. A transport (serial port, TCP socket) only
 * moves bytes: it opens, closes, writes and reads what has arrived within one short poll.
 */
abstract class FramedChannel implements DeviceChannel {

  /** How long one {@link #readSome} waits for bytes before it answers 0. */
  static final int POLL_MILLIS = 100;

  private final ChannelSettings settings;
  private final FrameDecoder decoder;
  private final byte[] buffer = new byte[1024];

  FramedChannel(ChannelSettings settings) {
    this.settings = settings;
    this.decoder = settings.framing().decoder();
  }

  /**
   * Reads what has arrived into {@code buffer}, waiting at most {@link #POLL_MILLIS}.
   *
   * @return how many bytes were read, 0 when none arrived in the poll
   * @throws ChannelLostException when the device, cable or connection went away
   */
  abstract int readSome(byte[] buffer);

  /** Forgets any partial frame: a channel (re)opened starts at a frame boundary. */
  final void resetFraming() {
    decoder.reset();
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
