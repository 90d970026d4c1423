package org.unitrace.core.system;

import java.time.Duration;

/**
 * The checks a configuration record runs in its compact constructor, so that a wrong value fails
 * the start with the same sentence whichever feature reads it: the full key, what it must be, and
 * what it was ({@code unitrace.mqtt.clients must be 1 to 64, was 0}).
 */
public final class Setting {

  private Setting() {}

  /**
   * @throws IllegalArgumentException unless {@code min <= value <= max}
   */
  public static void within(String key, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "%s must be %d to %d, was %d".formatted(key, min, max, value));
    }
  }

  /**
   * @throws IllegalArgumentException unless {@code value >= min}
   */
  public static void atLeast(String key, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(
          "%s must be at least %d, was %d".formatted(key, min, value));
    }
  }

  /**
   * @throws IllegalArgumentException when {@code value} is missing, zero or negative
   */
  public static void positive(String key, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(
          "%s must be a positive duration (e.g. PT5S), was %s".formatted(key, value));
    }
  }

  /**
   * @throws IllegalArgumentException when {@code value} is shorter than {@code min}
   */
  public static void atLeast(String key, Duration value, Duration min) {
    if (value == null || value.compareTo(min) < 0) {
      throw new IllegalArgumentException(
          "%s must be at least %s, was %s".formatted(key, min, value));
    }
  }

  /**
   * @throws IllegalArgumentException unless {@code 0 <= value <= max}
   */
  public static void upTo(String key, Duration value, Duration max) {
    if (value == null || value.isNegative() || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          "%s must be between PT0S and %s, was %s".formatted(key, max, value));
    }
  }

  /**
   * The wait before try {@code failedTries + 1}: {@code initial} after the first failure, doubling
   * with each further one, never more than {@code max}.
   */
  public static Duration doubling(Duration initial, Duration max, int failedTries) {
    Duration wait = initial;
    for (int i = 1; i < failedTries && wait.compareTo(max) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(max) > 0 ? max : wait;
  }
}
