package org.unitrace.core.dashboard;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The window a dashboard view covers and the width of its chart buckets. Without a bucket asked
 * for, the narrowest round width that keeps the chart under {@link #MAX_BUCKETS} points is taken.
 */
record TimeRange(OffsetDateTime from, OffsetDateTime to, Duration bucket) {

  static final int MAX_BUCKETS = 500;
  static final Duration DEFAULT_SPAN = Duration.ofHours(8);
  static final Duration MAX_SPAN = Duration.ofDays(400);

  private static final List<Duration> ROUND =
      List.of(
          Duration.ofMinutes(1),
          Duration.ofMinutes(5),
          Duration.ofMinutes(15),
          Duration.ofMinutes(30),
          Duration.ofHours(1),
          Duration.ofHours(3),
          Duration.ofHours(6),
          Duration.ofHours(12),
          Duration.ofDays(1),
          Duration.ofDays(7));

  TimeRange {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException(
          "'from' (%s) must be before 'to' (%s)".formatted(from, to));
    }
    if (Duration.between(from, to).compareTo(MAX_SPAN) > 0) {
      throw new IllegalArgumentException(
          "the time range %s..%s is longer than %d days".formatted(from, to, MAX_SPAN.toDays()));
    }
    if (bucket.toSeconds() < 1 || span(from, to) / bucket.toSeconds() > MAX_BUCKETS) {
      throw new IllegalArgumentException(
          "'bucketSeconds' %d gives more than %d buckets over %s..%s, or is below 1"
              .formatted(bucket.toSeconds(), MAX_BUCKETS, from, to));
    }
  }

  /** From request parameters, each optional: the last 8 hours, buckets chosen to fit. */
  static TimeRange of(OffsetDateTime from, OffsetDateTime to, Integer bucketSeconds) {
    OffsetDateTime end = to != null ? to : OffsetDateTime.now(ZoneOffset.UTC);
    OffsetDateTime start = from != null ? from : end.minus(DEFAULT_SPAN);
    Duration bucket =
        bucketSeconds != null ? Duration.ofSeconds(bucketSeconds) : fitting(span(start, end));
    return new TimeRange(start, end, bucket);
  }

  double hours() {
    return span(from, to) / 3600.0;
  }

  /** For SQL: {@code date_bin(?::interval, ...)}. */
  String bucketInterval() {
    return bucket.toSeconds() + " seconds";
  }

  private static Duration fitting(long seconds) {
    for (Duration d : ROUND) {
      if (seconds / d.toSeconds() <= 120) {
        return d;
      }
    }
    return ROUND.get(ROUND.size() - 1);
  }

  private static long span(OffsetDateTime from, OffsetDateTime to) {
    return Math.max(1, Duration.between(from, to).toSeconds());
  }
}
