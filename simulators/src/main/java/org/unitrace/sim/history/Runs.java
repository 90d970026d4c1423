package org.unitrace.sim.history;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** The production runs of one line as units are assigned to them; written when the line is done. */
final class Runs {

  private final Map<String, Run> runs = new LinkedHashMap<>();

  /** One run: its product, planned size and the span of its units. */
  static final class Run {
    final String runId;
    final String partNumber;
    final int planned;
    Instant first;
    Instant last;
    int produced;
    boolean open;

    Run(String runId, String partNumber, int planned) {
      this.runId = runId;
      this.partNumber = partNumber;
      this.planned = planned;
    }

    /** A: 06-14, B: 14-22, C: 22-06 (UTC, the plant's clock here), by the run's start. */
    String shift() {
      int hour = first.atZone(ZoneOffset.UTC).getHour();
      return hour >= 6 && hour < 14 ? "A" : hour >= 14 && hour < 22 ? "B" : "C";
    }
  }

  void add(String runId, String partNumber, int planned, Instant at) {
    Run run = runs.computeIfAbsent(runId, id -> new Run(id, partNumber, planned));
    if (run.first == null || at.isBefore(run.first)) {
      run.first = at;
    }
    if (run.last == null || at.isAfter(run.last)) {
      run.last = at;
    }
    run.produced++;
  }

  /** The run the line's last unit belongs to is still going: no end, no produced count. */
  void stillOpen(String runId) {
    runs.get(runId).open = true;
  }

  void write(CopyStream out, String site, String line) {
    for (Run r : runs.values()) {
      Instant started = r.first.minus(Duration.ofMinutes(5));
      out.row(
          r.runId,
          site,
          line,
          r.partNumber,
          "A",
          r.planned,
          r.shift(),
          started,
          r.open ? null : r.last.plus(Duration.ofMinutes(5)),
          r.open ? null : r.produced);
    }
  }

  int size() {
    return runs.size();
  }

  static final String COLUMNS =
      "run_id, site, line, part_number, revision, planned_quantity, shift, started_at, ended_at,"
          + " produced_quantity";
}
