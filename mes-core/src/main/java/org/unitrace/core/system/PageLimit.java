package org.unitrace.core.system;

/**
 * The {@code limit} a list endpoint takes: how many rows one answer may carry. A value out of range
 * is the caller's mistake (400), named with the range it must fall in.
 */
public final class PageLimit {

  private PageLimit() {}

  /** Refuses a {@code limit} outside 1 to {@code max}. */
  public static void check(int limit, int max) {
    check(limit, 1, max);
  }

  /** Refuses a {@code limit} outside {@code min} to {@code max}. */
  public static void check(int limit, int min, int max) {
    if (limit < min || limit > max) {
      throw new IllegalArgumentException(
          "'limit' must be %d to %d, was %d".formatted(min, max, limit));
    }
  }
}
