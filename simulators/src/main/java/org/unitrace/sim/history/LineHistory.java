package org.unitrace.sim.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The month of one line: each product is a cell (level 2) built 40 minutes before its top-level
 * unit, fitted into a module (level 1) 20 minutes before, fitted into the top-level unit; 20
 * bindings in all, station results with process values, rework on a few units, some left in
 * work-in-progress at the end of the month.
 */
final class LineHistory {

  static final String TOP = "CTRL-900";
  static final String MODULE = "PUMP-100";
  static final String CELL = "CELL-20";

  private final HistorySettings settings;
  private final String line;
  private final boolean faultyLine;
  private final Random random;
  private final Streams out;
  private final Runs runs = new Runs();
  private final Map<String, LotSupply> supplies = new HashMap<>();
  private final Map<String, Integer> serialCounters = new HashMap<>();
  private final List<String> faultySerials = new ArrayList<>();
  private String faultyLot;
  private String faultyRun;

  /** The three streams products are written to. */
  record Streams(CopyStream units, CopyStream bindings, CopyStream stationEvents) {}

  LineHistory(HistorySettings settings, int lineIndex, Streams out) {
    this.settings = settings;
    this.line = settings.lines().get(lineIndex);
    this.faultyLine = lineIndex == 0;
    this.random = new Random(settings.seed() * 31 + lineIndex);
    this.out = out;
  }

  void generate() {
    int perLine = settings.productsPerLine();
    int runSize = settings.runSize();
    int subRunSize = runSize * 5 / 2;
    int faultyStart = (perLine / runSize) / 2 * runSize + runSize / 8;
    int faultyEnd = faultyStart + settings.faultyLotUnits();
    int wip = Math.max(1, perLine / 200);
    long spacingMs = Duration.ofDays(settings.days()).toMillis() / perLine;
    Instant lineStart = settings.start().plusSeconds(7L * settings.lines().indexOf(line));
    String lastTopRun = null;
    for (int i = 0; i < perLine; i++) {
      Instant top = lineStart.plusMillis(i * spacingMs + spacingMs / 2);
      String topRun = "%s-R%03d".formatted(line, i / runSize + 1);
      String moduleRun = "%s-PM%03d".formatted(line, (i + runSize / 3) / subRunSize + 1);
      String cellRun = "%s-CE%03d".formatted(line, (i + 2 * runSize / 3) / subRunSize + 1);
      boolean faulty = faultyLine && i >= faultyStart && i < faultyEnd;
      if (faultyLine && i == faultyStart) {
        faultyLot = "%s-ACM-%sX01".formatted(Part.WIDGET, line);
        faultyRun = topRun;
        supply(Part.CELL.get(0))
            .switchTo(
                top.minus(Duration.ofMinutes(40)),
                faultyLot,
                "Acme Widgets",
                settings.faultyLotUnits());
      } else if (faultyLine && i == faultyEnd) {
        // the supplier replaces the lot: its next lot follows at once
        supply(Part.CELL.get(0))
            .switchTo(
                top.minus(Duration.ofMinutes(40)),
                "%s-ACM-%sX02".formatted(Part.WIDGET, line),
                "Acme Widgets",
                600);
      }
      String cell = cell(i, top.minus(Duration.ofMinutes(40)), cellRun, subRunSize, faulty);
      String module = module(i, top.minus(Duration.ofMinutes(20)), moduleRun, subRunSize, cell);
      String serial = top(i, top, topRun, module, i >= perLine - wip);
      if (faulty) {
        faultySerials.add(serial);
      }
      lastTopRun = topRun;
    }
    runs.stillOpen(lastTopRun);
  }

  private String cell(int i, Instant at, String runId, int planned, boolean faulty) {
    String serial = "%s-E%07d".formatted(line, i + 1);
    Instant done = at.plusSeconds(90);
    completed(serial, CELL, runId, "CELL", planned, at, done);
    fit(serial, Part.CELL, at.plusSeconds(5));
    double capacity = (faulty ? 2890 : 3050) + random.nextGaussian() * 25;
    result(done, "CELL", serial, "OK", null, 60_000, "{\"capacityMah\": %.1f}".formatted(capacity));
    return serial;
  }

  private String module(int i, Instant at, String runId, int planned, String cell) {
    String serial = "%s-P%07d".formatted(line, i + 1);
    Instant done = at.plusSeconds(120);
    completed(serial, MODULE, runId, "MOD", planned, at, done);
    bind(serial, CELL, cell, null, "Own production", 1, "MOD", at.plusSeconds(5), null, null);
    fit(serial, Part.MODULE, at.plusSeconds(10));
    double drop = 12 + Math.abs(random.nextGaussian()) * 3;
    result(done, "MOD", serial, "OK", null, 90_000, "{\"pressureDropPa\": %.2f}".formatted(drop));
    return serial;
  }

  /**
   * A sub-assembly serialized at {@code station} in its run at {@code at}, done at {@code done}.
   */
  private void completed(
      String serial,
      String part,
      String runId,
      String station,
      int planned,
      Instant at,
      Instant done) {
    unit(serial, part, runId, station, "COMPLETED", at, done);
    runs.add(runId, part, planned, at);
    serialized(at, station, serial);
  }

  private String top(int i, Instant at, String runId, String module, boolean inProgress) {
    String serial = "%s-T%07d".formatted(line, i + 1);
    runs.add(runId, TOP, settings.runSize(), at);
    serialized(at, "MARK", serial);
    bind(serial, MODULE, module, null, "Own production", 1, "ASSY", at.plusSeconds(60), null, null);
    boolean rework = !inProgress && random.nextInt(200) == 0;
    fit(serial, Part.TOP, at.plusSeconds(65), rework ? at.plusSeconds(720) : null);
    if (inProgress) {
      unit(serial, TOP, runId, "MARK", "IN_PROCESS", at, at.plusSeconds(120));
      return serial;
    }
    Instant test = at.plusSeconds(600);
    if (rework) {
      result(test, "TEST", serial, "NOK", "DISPLAY", 45_000, torque());
      bind(
          serial,
          "DISPLAY-5",
          next("DSP"),
          null,
          "Pixel Co",
          1,
          "REWORK",
          at.plusSeconds(780),
          null,
          null);
      test = at.plusSeconds(840);
    }
    int roll = random.nextInt(1000);
    String status = roll < 10 ? "NOK" : roll < 12 ? "SCRAPPED" : "COMPLETED";
    result(
        test,
        "TEST",
        serial,
        status.equals("NOK") ? "NOK" : "OK",
        status.equals("NOK") ? "LEAK" : null,
        45_000,
        torque());
    Instant last = at.plusSeconds(900);
    if (status.equals("COMPLETED")) {
      result(last, "PACK", serial, "OK", null, 20_000, null);
    }
    unit(serial, TOP, runId, "MARK", status, at, last);
    return serial;
  }

  private void fit(String unit, List<Part> parts, Instant from) {
    fit(unit, parts, from, null);
  }

  /** Binds each part; {@code reworkAt} takes the display out again (dead pixels). */
  private void fit(String unit, List<Part> parts, Instant from, Instant reworkAt) {
    Instant at = from;
    for (Part p : parts) {
      at = at.plusSeconds(5);
      if (p.bySerial()) {
        boolean removed = reworkAt != null && p.partNumber().equals("DISPLAY-5");
        bind(
            unit,
            p.partNumber(),
            next(p.serialPrefix()),
            null,
            p.suppliers().get(0),
            1,
            p.station(),
            at,
            removed ? reworkAt : null,
            removed ? "dead pixels" : null);
      } else {
        LotSupply s = supply(p);
        String lot = s.take(at);
        bind(
            unit,
            p.partNumber(),
            null,
            lot,
            s.supplier(),
            p.quantity(),
            p.station(),
            at,
            null,
            null);
      }
    }
  }

  private void bind(
      String unit,
      String part,
      String serial,
      String lot,
      String supplier,
      int quantity,
      String station,
      Instant at,
      Instant unboundAt,
      String reason) {
    out.bindings()
        .row(
            unit,
            part,
            serial,
            lot,
            supplier,
            quantity,
            null,
            settings.site(),
            line,
            station,
            at,
            unboundAt,
            reason);
  }

  private void unit(
      String serial,
      String part,
      String runId,
      String station,
      String status,
      Instant serializedAt,
      Instant changedAt) {
    out.units()
        .row(
            serial,
            part,
            "A",
            runId,
            settings.site(),
            line,
            station,
            status,
            null,
            changedAt,
            serializedAt);
  }

  private void serialized(Instant at, String station, String serial) {
    stationEvent(at, station, "UnitSerialized", serial, null, null, null, null);
  }

  private void result(
      Instant at,
      String station,
      String serial,
      String result,
      String failure,
      long cycleMs,
      String values) {
    stationEvent(
        at,
        station,
        "StationResult",
        serial,
        result,
        failure,
        cycleMs + random.nextInt(2000),
        values);
  }

  private void stationEvent(
      Instant at,
      String station,
      String type,
      String serial,
      String result,
      String failure,
      Long cycleMs,
      String values) {
    out.stationEvents()
        .row(
            at,
            settings.site(),
            line,
            station,
            type,
            serial,
            result,
            failure,
            cycleMs,
            values,
            uuid());
  }

  private String torque() {
    return "{\"torqueNm\": %.2f, \"leakRateMbarLs\": %.4f}"
        .formatted(
            12.5 + random.nextGaussian() * 0.3, 0.002 + Math.abs(random.nextGaussian()) * 0.001);
  }

  private String next(String prefix) {
    int n = serialCounters.merge(prefix, 1, Integer::sum);
    return "%s-%s-%08d".formatted(prefix, line, n);
  }

  private LotSupply supply(Part p) {
    return supplies.computeIfAbsent(p.partNumber(), k -> new LotSupply(p, line, random));
  }

  private String uuid() {
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }

  Runs runs() {
    return runs;
  }

  List<LotSupply.Lot> lots() {
    return supplies.values().stream().flatMap(s -> s.lots().stream()).toList();
  }

  String line() {
    return line;
  }

  String faultyLot() {
    return faultyLot;
  }

  String faultyRun() {
    return faultyRun;
  }

  List<String> faultySerials() {
    return faultySerials;
  }
}
