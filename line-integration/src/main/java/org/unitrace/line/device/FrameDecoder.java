package org.unitrace.line.device;

import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Queue;

/**
 * Cuts a byte stream into frames. Bytes arrive in arbitrary pieces (a serial read returns what the
 * UART had, a TCP read what the segment carried); complete frames queue up until taken.
 *
 * <p>Not thread-safe: one decoder per reading thread. A frame longer than the limit is dropped and
 * reported, so a device spewing noise without terminators cannot exhaust memory.
 */
public final class FrameDecoder {

  static final int DEFAULT_MAX_FRAME = 64 * 1024;

  private final Framing framing;
  private final int maxFrame;
  private final StringBuilder current = new StringBuilder();
  private final Queue<String> frames = new ArrayDeque<>();
  private boolean inFrame;
  private boolean overflowed;

  FrameDecoder(Framing framing, int maxFrame) {
    this.framing = framing;
    this.maxFrame = maxFrame;
  }

  /**
   * Feeds bytes.
   *
   * @throws IllegalStateException when a frame grows past the limit without a terminator; the
   *     partial frame is discarded and decoding goes on with the next frame
   */
  public void feed(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      accept((char) (bytes[i] & 0xFF));
    }
    if (overflowed) {
      overflowed = false;
      throw new IllegalStateException(
          "frame longer than " + maxFrame + " bytes without " + framing.key() + " terminator");
    }
  }

  /** The next complete frame, if any. */
  public Optional<String> next() {
    return Optional.ofNullable(frames.poll());
  }

  /** Forgets a partial frame and queued frames (after a reconnect). */
  public void reset() {
    current.setLength(0);
    frames.clear();
    inFrame = false;
  }

  private void accept(char c) {
    switch (framing) {
      case CR -> endOn(c, '\r');
      case LF -> endOn(c, '\n');
      case CRLF -> {
        if (c == '\n' && current.length() > 0 && current.charAt(current.length() - 1) == '\r') {
          current.setLength(current.length() - 1);
          emit();
        } else {
          append(c);
        }
      }
      case STX_ETX -> {
        if (c == Framing.STX) {
          current.setLength(0);
          inFrame = true;
        } else if (c == Framing.ETX && inFrame) {
          inFrame = false;
          emit();
        } else if (inFrame) {
          append(c);
        }
      }
    }
  }

  private void endOn(char c, char terminator) {
    if (c == terminator) {
      emit();
    } else {
      append(c);
    }
  }

  private void append(char c) {
    if (current.length() >= maxFrame) {
      current.setLength(0);
      inFrame = false;
      overflowed = true;
    }
    current.append(c);
  }

  private void emit() {
    frames.add(current.toString());
    current.setLength(0);
  }
}
