package org.unitrace.sim.history;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What to generate. {@code products} counts top-level units, spread evenly over the {@code lines}
 * and the {@code days} from {@code start} (a month by default, a year for dashboards over one);
 * each carries 20 bindings across its tree (a module sub-assembly, which carries a cell
 * sub-assembly) and, with rework, sometimes 21. Runs on each line are chunks of {@code runSize}
 * products; the faulty widget lot feeds {@code faultyLotUnits} consecutive cells inside one run in
 * the middle of the first line's month.
 */
public record HistorySettings(
    String site,
    List<String> lines,
    int products,
    Instant start,
    int days,
    int runSize,
    int faultyLotUnits,
    long seed) {

  public HistorySettings {
    if (site == null || site.isBlank()) {
      throw new IllegalArgumentException("site is required");
    }
    if (lines == null || lines.isEmpty()) {
      throw new IllegalArgumentException("at least one line is required");
    }
    lines = List.copyOf(lines);
    if (products < lines.size()) {
      throw new IllegalArgumentException(
          "products (%d) must be at least the number of lines (%d)"
              .formatted(products, lines.size()));
    }
    if (days < 1) {
      throw new IllegalArgumentException("days must be at least 1, was " + days);
    }
    if (runSize < 8) {
      throw new IllegalArgumentException("runSize must be at least 8, was " + runSize);
    }
    if (faultyLotUnits < 1 || faultyLotUnits > runSize * 3 / 4) {
      throw new IllegalArgumentException(
          "faultyLotUnits must be 1..%d (three quarters of runSize %d), was %d"
              .formatted(runSize * 3 / 4, runSize, faultyLotUnits));
    }
    if (products / lines.size() < runSize) {
      throw new IllegalArgumentException(
          "each line needs at least one whole run: products/lines = %d < runSize %d"
              .formatted(products / lines.size(), runSize));
    }
  }

  /** Two lines, a month from 2026-10-01, 500-unit runs, a 300-unit faulty lot. */
  public static HistorySettings defaults(int products) {
    return new HistorySettings(
        "AKL",
        List.of("L1", "L2"),
        products,
        Instant.parse("2026-10-01T00:00:00Z"),
        30,
        500,
        300,
        42L);
  }

  public HistorySettings withSite(String site) {
    return new HistorySettings(site, lines, products, start, days, runSize, faultyLotUnits, seed);
  }

  public HistorySettings withLines(List<String> lines) {
    return new HistorySettings(site, lines, products, start, days, runSize, faultyLotUnits, seed);
  }

  public HistorySettings withRunSize(int runSize) {
    return new HistorySettings(site, lines, products, start, days, runSize, faultyLotUnits, seed);
  }

  /** Production spread over {@code days} from {@code start} (a year: 365). */
  public HistorySettings withPeriod(Instant start, int days) {
    return new HistorySettings(site, lines, products, start, days, runSize, faultyLotUnits, seed);
  }

  /** {@code count} lines named L01, L02, ... (two digits up to 99, so they sort as numbered). */
  public static List<String> numberedLines(int count) {
    if (count < 1 || count > 99) {
      throw new IllegalArgumentException("a plant of 1..99 lines, was " + count);
    }
    return IntStream.rangeClosed(1, count).mapToObj("L%02d"::formatted).toList();
  }

  int productsPerLine() {
    return products / lines.size();
  }
}
