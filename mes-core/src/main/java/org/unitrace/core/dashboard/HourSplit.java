package org.unitrace.core.dashboard;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * A long range cut at whole UTC hours: {@code [from, firstHour)} and {@code [endHour, to)} are the
 * partial hours at the edges, read from the events; {@code [firstHour, endHour)} are whole hours,
 * read from the hourly rollup. Either edge may be empty.
 */
record HourSplit(
    OffsetDateTime from, OffsetDateTime firstHour, OffsetDateTime endHour, OffsetDateTime to) {

  /** Ranges up to this long are read from the events alone: they are fast enough that way. */
  static final Duration THRESHOLD = Duration.ofHours(24);

  private static final long HOUR_SECONDS = 3600;

  /** The split of a range longer than {@link #THRESHOLD}, or empty for a shorter one. */
  static Optional<HourSplit> of(OffsetDateTime from, OffsetDateTime to) {
    if (Duration.between(from, to).compareTo(THRESHOLD) <= 0) {
      return Optional.empty();
    }
    OffsetDateTime start = from.withOffsetSameInstant(ZoneOffset.UTC);
    OffsetDateTime end = to.withOffsetSameInstant(ZoneOffset.UTC);
    OffsetDateTime floor = start.truncatedTo(ChronoUnit.HOURS);
    OffsetDateTime firstHour = floor.isEqual(start) ? floor : floor.plusHours(1);
    OffsetDateTime endHour = end.truncatedTo(ChronoUnit.HOURS);
    return Optional.of(new HourSplit(start, firstHour, endHour, end));
  }

  /**
   * Whether chart buckets of this width can be summed from whole hours: a whole number of hours, so
   * each bucket ({@code date_bin} from 2000-01-01 UTC) holds whole hours only.
   */
  static boolean bucketsHoldWholeHours(Duration bucket) {
    return bucket.toSeconds() % HOUR_SECONDS == 0 && bucket.getNano() == 0;
  }
}
