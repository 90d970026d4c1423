package org.unitrace.core.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class HourSplitTest {

  private static final OffsetDateTime T = OffsetDateTime.parse("2026-11-20T05:30:15.250Z");

  @Test
  void aRangeOfADayOrLessIsNotSplit() {
    assertThat(HourSplit.of(T, T.plusHours(8))).isEmpty();
    assertThat(HourSplit.of(T, T.plusHours(24))).isEmpty();
  }

  @Test
  void aLongRangeIsCutAtTheWholeHoursInside() {
    HourSplit split = HourSplit.of(T, T.plusDays(7).plusMinutes(20)).orElseThrow();
    assertThat(split.from()).isEqualTo(T);
    assertThat(split.firstHour()).isEqualTo(OffsetDateTime.parse("2026-11-20T06:00Z"));
    assertThat(split.endHour()).isEqualTo(OffsetDateTime.parse("2026-11-27T05:00Z"));
    assertThat(split.to()).isEqualTo(T.plusDays(7).plusMinutes(20));
  }

  @Test
  void edgesOnWholeHoursAreEmpty() {
    OffsetDateTime hour = OffsetDateTime.parse("2026-11-20T06:00Z");
    HourSplit split = HourSplit.of(hour, hour.plusDays(30)).orElseThrow();
    assertThat(split.firstHour()).isEqualTo(split.from());
    assertThat(split.endHour()).isEqualTo(split.to());
  }

  @Test
  void hoursAreUtcHoursWhateverTheOffsetOfTheRequest() {
    // India is 5:30 ahead of UTC: 11:15 there is 05:45 UTC, cut at 06:00 UTC (11:30 local)
    OffsetDateTime from =
        OffsetDateTime.of(2026, 11, 20, 11, 15, 0, 0, ZoneOffset.ofHoursMinutes(5, 30));
    HourSplit split = HourSplit.of(from, from.plusDays(2)).orElseThrow();
    assertThat(split.firstHour()).isEqualTo(OffsetDateTime.parse("2026-11-20T06:00Z"));
    assertThat(split.endHour()).isEqualTo(OffsetDateTime.parse("2026-11-22T05:00Z"));
    assertThat(split.from().toInstant()).isEqualTo(from.toInstant());
  }

  @Test
  void chartBucketsComeFromTheRollupOnlyWhenTheyHoldWholeHours() {
    assertThat(HourSplit.bucketsHoldWholeHours(Duration.ofHours(1))).isTrue();
    assertThat(HourSplit.bucketsHoldWholeHours(Duration.ofHours(6))).isTrue();
    assertThat(HourSplit.bucketsHoldWholeHours(Duration.ofDays(7))).isTrue();
    assertThat(HourSplit.bucketsHoldWholeHours(Duration.ofMinutes(30))).isFalse();
    assertThat(HourSplit.bucketsHoldWholeHours(Duration.ofMinutes(90))).isFalse();
  }
}
