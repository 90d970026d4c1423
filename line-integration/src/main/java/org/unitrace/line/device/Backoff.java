package org.unitrace.line.device;

import java.time.Duration;

/**
 * How long to wait between attempts to reopen a lost device: doubling from {@code initial} up to
 * {@code max}, so a missing device is not hammered but a replugged one comes back quickly.
 */
public record Backoff(Duration initial, Duration max) {

  public Backoff {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "backoff initial " + initial + " must be positive and not above max " + max);
    }
  }

  /** 200 ms doubling to 5 s. */
  public static Backoff standard() {
    return new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));
  }

  Duration after(int failures) {
    if (failures <= 0) {
      return Duration.ZERO;
    }
    long millis = initial.toMillis() << Math.min(failures - 1, 20);
    return millis >= max.toMillis() || millis <= 0 ? max : Duration.ofMillis(millis);
  }
}
