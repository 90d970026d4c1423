package org.unitrace.sim.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HistorySettingsTest {

  @Test
  void aPlantOfTwentyLinesIsNumberedSoTheLinesSortAsCounted() {
    assertThat(HistorySettings.numberedLines(20))
        .hasSize(20)
        .startsWith("L01", "L02")
        .endsWith("L20")
        .isSorted();
  }

  @Test
  void aLineCountOutsideOneToNinetyNineIsRefused() {
    assertThatThrownBy(() -> HistorySettings.numberedLines(0))
        .hasMessageContaining("1..99 lines, was 0");
  }

  @Test
  void aYearKeepsEverythingElseOfTheSettings() {
    HistorySettings year =
        HistorySettings.defaults(1_000_000)
            .withLines(HistorySettings.numberedLines(20))
            .withPeriod(Instant.parse("2025-12-07T00:00:00Z"), 365);
    assertThat(year.days()).isEqualTo(365);
    assertThat(year.start()).isEqualTo(Instant.parse("2025-12-07T00:00:00Z"));
    assertThat(year.productsPerLine()).isEqualTo(50_000);
    assertThat(year.runSize()).isEqualTo(500);
  }

  @Test
  void aPeriodOfNoDaysIsRefused() {
    assertThatThrownBy(() -> HistorySettings.defaults(1000).withPeriod(Instant.EPOCH, 0))
        .hasMessageContaining("days must be at least 1, was 0");
  }
}
