package org.unitrace.line.mqtt;

import java.time.Duration;

/**
 * The one retry policy for a peer that is away: wait {@code initial}, then twice as long each time,
 * up to {@code max}; {@link #reset} once the peer answers. Not thread-safe: one per retry loop.
 */
public final class Backoff {

  private final long initialMillis;
  private final long maxMillis;
  private long nextMillis;

  public Backoff(Duration initial, Duration max) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "backoff must start above zero and not exceed its maximum: " + initial + ", " + max);
    }
    this.initialMillis = initial.toMillis();
    this.maxMillis = max.toMillis();
    this.nextMillis = initialMillis;
  }

  /** Half a second, doubling up to 30 s: what a broker or a PLC restart needs. */
  public static Backoff standard() {
    return new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
  }

  /** The wait before the next attempt; doubles the one after. */
  public long nextMillis() {
    long wait = nextMillis;
    nextMillis = Math.min(nextMillis * 2, maxMillis);
    return wait;
  }

  /** Waits before the next attempt; returns how long it waited, in milliseconds. */
  public long pause() throws InterruptedException {
    long wait = nextMillis();
    Thread.sleep(wait);
    return wait;
  }

  /** The peer answered: the next failure waits {@code initial} again. */
  public void reset() {
    nextMillis = initialMillis;
  }
}
