package org.unitrace.core.system;

import java.util.Locale;

/**
 * Where the station time series live, and why: TimescaleDB hypertables or monthly partitions of
 * plain PostgreSQL. Decided at start, before the migrations, from {@code
 * unitrace.timeseries.timescaledb} and what the server can actually do: TimescaleDB runs only where
 * the server preloads its library, so an extension that is merely installed does not count. Once
 * the V2 migration has made the tables, they stay what they are.
 *
 * @param timescale hypertables (true) or monthly partitions (false)
 * @param why the reason, for the start-up log
 */
record TimeSeriesStorage(boolean timescale, String why) {

  static final String KEY = "unitrace.timeseries.timescaledb";

  /** {@code unitrace.timeseries.timescaledb}. */
  enum Mode {
    /** TimescaleDB where the server can run it, else partitions */
    AUTO,
    /** TimescaleDB or no start */
    ON,
    /** partitions; the extension is never touched */
    OFF;

    /** {@code auto}, {@code on} or {@code off}; YAML reads a bare on/off as true/false. */
    static Mode parse(String value) {
      String v = value == null ? "auto" : value.trim().toLowerCase(Locale.ROOT);
      return switch (v) {
        case "", "auto" -> AUTO;
        case "on", "true" -> ON;
        case "off", "false" -> OFF;
        default ->
            throw new IllegalArgumentException(
                KEY + " must be auto, on or off, was '" + value + "'");
      };
    }
  }

  String describe() {
    return timescale ? "TimescaleDB hypertables" : "monthly partitions (plain PostgreSQL)";
  }

  /**
   * The storage for {@code mode} on the server {@code probe} describes.
   *
   * @throws IllegalStateException where the mode cannot be honoured, saying what to change
   */
  static TimeSeriesStorage decide(Mode mode, TimescaleProbe probe) {
    String setting = KEY + "=" + mode.name().toLowerCase(Locale.ROOT);
    boolean usable = probe.preloaded() || probe.createdVersion() != null;
    String server = serverState(probe);
    return switch (probe.existing()) {
      case HYPERTABLES -> {
        if (mode == Mode.OFF) {
          throw new IllegalStateException(
              setting
                  + ", but station_event and station_state in this database are TimescaleDB"
                  + " hypertables already (made by an earlier start); they cannot be used without"
                  + " TimescaleDB: set auto or on");
        }
        if (!probe.preloaded()) {
          throw new IllegalStateException(
              "station_event and station_state in this database are TimescaleDB hypertables, but "
                  + server
                  + ": add timescaledb to shared_preload_libraries and restart PostgreSQL");
        }
        yield new TimeSeriesStorage(
            true, "the tables are hypertables since this database was first migrated; " + server);
      }
      case PARTITIONS -> {
        if (mode == Mode.ON) {
          throw new IllegalStateException(
              setting
                  + ", but station_event and station_state in this database were made as monthly"
                  + " partitions (first migrated without TimescaleDB); moving them to hypertables"
                  + " is a manual migration (docs/operations.md, Changing later): set auto");
        }
        yield new TimeSeriesStorage(
            false,
            "the tables are monthly partitions since this database was first migrated; " + server);
      }
      case NONE -> {
        if (mode == Mode.OFF) {
          yield new TimeSeriesStorage(false, setting + "; " + server);
        }
        if (usable) {
          yield new TimeSeriesStorage(true, setting + "; " + server);
        }
        if (mode == Mode.ON) {
          throw new IllegalStateException(
              setting
                  + ", but "
                  + server
                  + (probe.installed()
                      ? ": add timescaledb to shared_preload_libraries and restart PostgreSQL,"
                      : ": install TimescaleDB for this PostgreSQL, preload it,")
                  + " or set auto to use monthly partitions");
        }
        yield new TimeSeriesStorage(false, setting + "; " + server);
      }
    };
  }

  private static String serverState(TimescaleProbe probe) {
    if (probe.createdVersion() != null && probe.preloaded()) {
      return "the server preloads TimescaleDB and the extension "
          + probe.createdVersion()
          + " is created in this database";
    }
    if (probe.createdVersion() != null) {
      return "the extension "
          + probe.createdVersion()
          + " is created in this database though the server does not preload it";
    }
    if (probe.preloaded()) {
      return "the server preloads TimescaleDB (shared_preload_libraries)";
    }
    if (probe.installed()) {
      return "TimescaleDB is installed on the server but not preloaded (shared_preload_libraries"
          + " does not name it), so it cannot run";
    }
    return "TimescaleDB is not installed on the server";
  }
}
