package org.unitrace.sim.history;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Command line: {@code GenerateHistory jdbcUrl products [runSize] [lines] [--days=N]
 * [--start=date]}, e.g. {@code jdbc:postgresql://127.0.0.1:5432/unitrace?user=postgres 1000000 2000
 * L1,L2}, or a year of a 20-line plant up to today: {@code ... 1000000 500 20 --days=365
 * --start=2025-12-07}. {@code lines} is a list ({@code L1,L2}) or a count ({@code 20}: L01 to L20);
 * {@code start} a date (midnight UTC) or an instant. The database must have been migrated by
 * mes-core (start the core against it once).
 */
public final class GenerateHistory {

  private GenerateHistory() {}

  public static void main(String[] args) throws Exception {
    List<String> positional = new ArrayList<>();
    Integer days = null;
    Instant start = null;
    for (String a : args) {
      if (a.startsWith("--days=")) {
        days = Integer.parseInt(a.substring("--days=".length()));
      } else if (a.startsWith("--start=")) {
        start = instant(a.substring("--start=".length()));
      } else {
        positional.add(a);
      }
    }
    if (positional.size() < 2) {
      System.err.println(
          "usage: GenerateHistory jdbcUrl products [runSize] [lines, e.g. L1,L2 or 20]"
              + " [--days=30] [--start=2026-10-01]");
      System.exit(2);
    }
    HistorySettings settings = HistorySettings.defaults(Integer.parseInt(positional.get(1)));
    if (positional.size() > 2) {
      settings = settings.withRunSize(Integer.parseInt(positional.get(2)));
    }
    if (positional.size() > 3) {
      String lines = positional.get(3);
      settings =
          settings.withLines(
              lines.matches("\\d+")
                  ? HistorySettings.numberedLines(Integer.parseInt(lines))
                  : List.copyOf(Arrays.asList(lines.split(","))));
    }
    if (days != null || start != null) {
      settings =
          settings.withPeriod(
              start == null ? settings.start() : start, days == null ? settings.days() : days);
    }
    String url = positional.get(0);
    HistoryResult result = PlantHistory.generate(url, settings);
    PlantHistory.analyze(url);
    System.out.printf(
        "%d products on %d lines over %d days from %s: %d units, %d bindings, %d station events,"
            + " %d lots, %d runs in %s (%.0f rows/s)%n",
        result.products(),
        settings.lines().size(),
        settings.days(),
        settings.start(),
        result.units(),
        result.bindings(),
        result.stationEvents(),
        result.lots(),
        result.runs(),
        result.elapsed(),
        result.rowsPerSecond());
    var f = result.faultyLot();
    System.out.printf(
        "faulty lot %s %s (%s) on %s/%s in run %s: %d top-level units, e.g. %s%n",
        f.partNumber(),
        f.lot(),
        f.supplier(),
        f.site(),
        f.line(),
        f.runId(),
        f.topLevelSerials().size(),
        f.topLevelSerials().subList(0, 3));
  }

  private static Instant instant(String text) {
    return text.contains("T")
        ? Instant.parse(text)
        : LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
