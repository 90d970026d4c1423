package org.unitrace.sim.history;

import java.util.Arrays;
import java.util.List;

/**
 * Command line: {@code GenerateHistory jdbcUrl products [runSize] [lines]}, e.g. {@code
 * jdbc:postgresql://127.0.0.1:5432/unitrace?user=postgres 1000000 2000 L1,L2}. The database must
 * have been migrated by mes-core (start the core against it once).
 */
public final class GenerateHistory {

  private GenerateHistory() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: GenerateHistory jdbcUrl products [runSize] [lines, e.g. L1,L2]");
      System.exit(2);
    }
    HistorySettings settings = HistorySettings.defaults(Integer.parseInt(args[1]));
    if (args.length > 2) {
      settings = settings.withRunSize(Integer.parseInt(args[2]));
    }
    if (args.length > 3) {
      settings = settings.withLines(List.copyOf(Arrays.asList(args[3].split(","))));
    }
    HistoryResult result = PlantHistory.generate(args[0], settings);
    PlantHistory.analyze(args[0]);
    System.out.printf(
        "%d products, %d units, %d bindings, %d station events, %d lots, %d runs in %s"
            + " (%.0f rows/s)%n",
        result.products(),
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
}
