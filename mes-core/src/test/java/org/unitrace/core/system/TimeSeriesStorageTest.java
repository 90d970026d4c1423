package org.unitrace.core.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.unitrace.core.system.TimeSeriesStorage.Mode;
import org.unitrace.core.system.TimescaleProbe.Series;

class TimeSeriesStorageTest {

  private static final TimescaleProbe PRELOADED = new TimescaleProbe(true, true, null, Series.NONE);
  private static final TimescaleProbe INSTALLED_NOT_PRELOADED =
      new TimescaleProbe(true, false, null, Series.NONE);
  private static final TimescaleProbe ABSENT = new TimescaleProbe(false, false, null, Series.NONE);

  @Test
  void autoTakesTimescaleOnlyWhereTheServerPreloadsItOrTheExtensionIsCreated() {
    assertThat(TimeSeriesStorage.decide(Mode.AUTO, PRELOADED).timescale()).isTrue();
    assertThat(
            TimeSeriesStorage.decide(
                    Mode.AUTO, new TimescaleProbe(true, true, "2.28.3", Series.NONE))
                .timescale())
        .isTrue();
    TimeSeriesStorage installed = TimeSeriesStorage.decide(Mode.AUTO, INSTALLED_NOT_PRELOADED);
    assertThat(installed.timescale()).isFalse();
    assertThat(installed.why()).contains("installed on the server but not preloaded");
    assertThat(TimeSeriesStorage.decide(Mode.AUTO, ABSENT).why())
        .isEqualTo(
            "unitrace.timeseries.timescaledb=auto; TimescaleDB is not installed on the server");
  }

  @Test
  void onFailsWhereTheServerCannotRunTimescaleAndSaysWhatToChange() {
    assertThat(TimeSeriesStorage.decide(Mode.ON, PRELOADED).timescale()).isTrue();
    assertThatThrownBy(() -> TimeSeriesStorage.decide(Mode.ON, INSTALLED_NOT_PRELOADED))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("unitrace.timeseries.timescaledb=on, but TimescaleDB is installed")
        .hasMessageContaining("add timescaledb to shared_preload_libraries");
    assertThatThrownBy(() -> TimeSeriesStorage.decide(Mode.ON, ABSENT))
        .hasMessageContaining("install TimescaleDB");
  }

  @Test
  void offNeverTakesTimescale() {
    assertThat(TimeSeriesStorage.decide(Mode.OFF, PRELOADED).timescale()).isFalse();
    assertThat(TimeSeriesStorage.decide(Mode.OFF, PRELOADED).why())
        .startsWith("unitrace.timeseries.timescaledb=off");
  }

  @Test
  void tablesAnEarlierStartMadeStayWhatTheyAreOrTheStartFails() {
    var hypertables = new TimescaleProbe(true, true, "2.28.3", Series.HYPERTABLES);
    assertThat(TimeSeriesStorage.decide(Mode.AUTO, hypertables).timescale()).isTrue();
    assertThatThrownBy(() -> TimeSeriesStorage.decide(Mode.OFF, hypertables))
        .hasMessageContaining("hypertables already");
    assertThatThrownBy(
            () ->
                TimeSeriesStorage.decide(
                    Mode.AUTO, new TimescaleProbe(true, false, "2.28.3", Series.HYPERTABLES)))
        .hasMessageContaining("add timescaledb to shared_preload_libraries");

    var partitions = new TimescaleProbe(true, true, null, Series.PARTITIONS);
    assertThat(TimeSeriesStorage.decide(Mode.AUTO, partitions).timescale()).isFalse();
    assertThat(TimeSeriesStorage.decide(Mode.OFF, partitions).timescale()).isFalse();
    assertThatThrownBy(() -> TimeSeriesStorage.decide(Mode.ON, partitions))
        .hasMessageContaining("manual migration");
  }

  @Test
  void modeReadsAutoOnOffAndYamlBooleansAndNamesTheKeyOtherwise() {
    assertThat(Mode.parse(null)).isEqualTo(Mode.AUTO);
    assertThat(Mode.parse(" ON ")).isEqualTo(Mode.ON);
    assertThat(Mode.parse("true")).isEqualTo(Mode.ON);
    assertThat(Mode.parse("false")).isEqualTo(Mode.OFF);
    assertThatThrownBy(() -> Mode.parse("yes"))
        .hasMessage("unitrace.timeseries.timescaledb must be auto, on or off, was 'yes'");
  }

  @Test
  void preloadListNamesTimescaleInAnyForm() {
    assertThat(TimescaleProbe.preloads("timescaledb")).isTrue();
    assertThat(TimescaleProbe.preloads("pg_stat_statements, '$libdir/timescaledb'")).isTrue();
    assertThat(TimescaleProbe.preloads("/opt/lib/timescaledb.so")).isTrue();
    assertThat(TimescaleProbe.preloads("")).isFalse();
    assertThat(TimescaleProbe.preloads("pg_stat_statements,timescaledb_toolkit")).isFalse();
  }
}
