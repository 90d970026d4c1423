package org.unitrace.core.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimeRangeTest {

  private static final OffsetDateTime NOON = OffsetDateTime.parse("2026-11-28T12:00:00Z");

  @Test
  void withNothingAskedForItIsTheLastEightHoursInFiveMinuteBuckets() {
    TimeRange range = TimeRange.of(null, NOON, null);
    assertThat(range.from()).isEqualTo(NOON.minusHours(8));
    assertThat(range.bucket()).isEqualTo(Duration.ofMinutes(5));
    assertThat(range.bucketInterval()).isEqualTo("300 seconds");
    assertThat(range.hours()).isEqualTo(8.0);
  }

  @Test
  void bucketsGrowWithTheRangeToKeepTheChartReadable() {
    assertThat(TimeRange.of(NOON.minusHours(1), NOON, null).bucket())
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(TimeRange.of(NOON.minusDays(7), NOON, null).bucket()).isEqualTo(Duration.ofHours(3));
    assertThat(TimeRange.of(NOON.minusDays(365), NOON, null).bucket())
        .isEqualTo(Duration.ofDays(7));
  }

  @Test
  void aRangeBackwardsOrWithTooManyBucketsIsRefusedWithItsBounds() {
    assertThatThrownBy(() -> TimeRange.of(NOON, NOON.minusHours(1), null))
        .hasMessageContaining("'from' (2026-11-28T12:00Z) must be before 'to'");
    assertThatThrownBy(() -> TimeRange.of(NOON.minusDays(7), NOON, 60))
        .hasMessageContaining("more than 500 buckets");
    assertThatThrownBy(() -> TimeRange.of(NOON.minusDays(500), NOON, null))
        .hasMessageContaining("longer than 400 days");
  }

  @Test
  void aWrongDashboardSettingNamesItsKey() {
    assertThatThrownBy(
            () ->
                new DashboardProperties(
                    Map.of("L1/TEST", Duration.ofSeconds(4)),
                    List.of(),
                    Duration.ofSeconds(1),
                    Duration.ofMinutes(1)))
        .hasMessageContaining("unitrace.dashboard.cycle-time-targets: key 'L1/TEST'");
    assertThatThrownBy(
            () ->
                new DashboardProperties(
                    Map.of(),
                    List.of("{seq:4}", "{nonsense}"),
                    Duration.ofSeconds(1),
                    Duration.ofMinutes(1)))
        .hasMessageContaining("unitrace.dashboard.serial-templates[1]");
    DashboardProperties ok =
        new DashboardProperties(
            Map.of("AKL/L1/TEST", Duration.ofSeconds(4)),
            List.of(),
            Duration.ofSeconds(1),
            Duration.ofMinutes(1));
    assertThat(ok.targetMs("AKL", "L1", "TEST")).isEqualTo(4000L);
    assertThat(ok.targetMs("AKL", "L1", "MARK")).isNull();
  }
}
