package org.unitrace.line.device;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A channel that outlives its device: a marker switched off, a scanner cable pulled, a serial
 * device server rebooted. Drivers hold one of these for the life of the station and never reopen
 * anything themselves.
 *
 * <p>It opens lazily, on {@link #open()} or the first frame. When the wire goes away the call that
 * noticed it still fails with {@link ChannelLostException} (the driver must know its command may be
 * lost), the channel closes, and the next call reopens it: at once after a working connection was
 * lost, then after {@link Backoff} delays while reopening keeps failing. A read waits for the next
 * attempt within its timeout; a write does not wait, it fails naming when the next attempt is due.
 * Each outage is logged once when it starts and once when it ends.
 */
public final class ReconnectingChannel implements DeviceChannel {

  private static final Logger log = LoggerFactory.getLogger(ReconnectingChannel.class);

  private final DeviceChannel channel;
  private final Backoff backoff;
  private final AtomicLong reconnects = new AtomicLong();
  private final Object lock = new Object();
  private volatile boolean open;
  private int failures;
  private long nextAttempt = System.nanoTime();
  private boolean everConnected;
  private long outageSince;
  private boolean inOutage;
  private volatile boolean closed;

  public ReconnectingChannel(ChannelSettings settings, Backoff backoff) {
    this(settings.newChannel(), backoff);
  }

  /** Wraps any channel; it is closed and opened again as the device comes and goes. */
  public ReconnectingChannel(DeviceChannel channel, Backoff backoff) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
  }

  /** A channel for {@code settings} with the {@linkplain Backoff#standard() standard} backoff. */
  public static ReconnectingChannel of(ChannelSettings settings) {
    return new ReconnectingChannel(settings, Backoff.standard());
  }

  @Override
  public String endpoint() {
    return channel.endpoint();
  }

  /**
   * Opens now if not open.
   *
   * @throws DeviceException when the device cannot be reached; later calls keep trying
   */
  @Override
  public void open() {
    closed = false;
    ensureOpen(System.nanoTime(), true);
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  /** How many times a lost channel was opened again. */
  public long reconnects() {
    return reconnects.get();
  }

  @Override
  public void write(String frame) {
    send(() -> channel.write(frame));
  }

  @Override
  public void writeRaw(byte[] bytes) {
    send(() -> channel.writeRaw(bytes));
  }

  /**
   * Reads the next frame, reopening a lost channel within the timeout when the backoff allows.
   *
   * @throws ChannelLostException when the wire went away during this read, or is still away at the
   *     end of the timeout
   */
  @Override
  public Optional<String> read(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    ensureOpen(deadline, false);
    long left = deadline - System.nanoTime();
    try {
      return channel.read(Duration.ofNanos(Math.max(left, 0)));
    } catch (ChannelLostException e) {
      throw lost(e);
    }
  }

  @Override
  public void close() {
    closed = true;
    synchronized (lock) {
      open = false;
      channel.close();
    }
  }

  private void ensureOpen(long deadline, boolean now) {
    if (open) {
      return;
    }
    synchronized (lock) {
      if (open) {
        return;
      }
      if (closed && !now) {
        throw new ChannelLostException(endpoint(), "channel is closed");
      }
      long wait = nextAttempt - System.nanoTime();
      if (wait > 0 && !now) {
        if (deadline - nextAttempt < 0) {
          throw new ChannelLostException(
              endpoint(),
              "device unreachable after "
                  + failures
                  + " attempt(s), next attempt in "
                  + TimeUnit.NANOSECONDS.toMillis(wait)
                  + " ms");
        }
        LockSupport.parkNanos(wait);
      }
      try {
        channel.open();
      } catch (DeviceException e) {
        failures++;
        nextAttempt = System.nanoTime() + backoff.after(failures).toNanos();
        if (!inOutage) {
          inOutage = true;
          outageSince = System.nanoTime();
          log.warn("{}: cannot open, retrying with backoff: {}", endpoint(), e.getMessage());
        } else {
          log.debug("{}: attempt {} failed: {}", endpoint(), failures, e.getMessage());
        }
        throw e;
      }
      if (everConnected) {
        reconnects.incrementAndGet();
      }
      if (inOutage) {
        log.info(
            "{}: open again after {} failed attempt(s), {} ms away",
            endpoint(),
            failures,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - outageSince));
      }
      everConnected = true;
      inOutage = false;
      failures = 0;
      open = true;
    }
  }

  /** Writes without waiting for a reopen; a failed write closes the channel for the next call. */
  private void send(Runnable write) {
    ensureOpen(System.nanoTime(), false);
    try {
      write.run();
    } catch (DeviceException e) {
      throw lost(e);
    }
  }

  private DeviceException lost(DeviceException e) {
    synchronized (lock) {
      if (open) {
        open = false;
        channel.close();
        nextAttempt = System.nanoTime();
        if (!inOutage) {
          inOutage = true;
          outageSince = System.nanoTime();
          log.warn("{}: channel lost, will reopen: {}", endpoint(), e.getMessage());
        }
      }
    }
    return e instanceof ChannelLostException
        ? e
        : new ChannelLostException(endpoint(), "write failed", e);
  }
}
