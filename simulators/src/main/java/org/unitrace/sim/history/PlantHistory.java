package org.unitrace.sim.history;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes a generated plant history into a database that mes-core has migrated (mes-core runs its
 * Flyway migrations when it starts; the generator does not carry a copy of them, so the schema has
 * one owner). Everything goes in through {@code COPY} inside one transaction per table stream,
 * committed together at the end: a failed run leaves no half history behind.
 */
public final class PlantHistory {

  private static final String UNIT_COLUMNS =
      "serial, part_number, revision, run_id, site, line, station, status, status_reason,"
          + " status_changed_at, serialized_at";
  private static final String BINDING_COLUMNS =
      "unit_serial, part_number, component_serial, lot, supplier, quantity, position, site, line,"
          + " station, bound_at, unbound_at, unbind_reason";
  private static final String STATION_EVENT_COLUMNS =
      "time, site, line, station, type, unit_serial, result, failure_code, cycle_time_ms,"
          + " process_values, event_id";
  private static final String LOT_COLUMNS =
      "part_number, lot, supplier, received, received_at, quantity, first_seen_at";
  private static final String LOAD_COLUMNS =
      "site, line, station, part_number, lot, quantity, loaded_at, unloaded_at";
  private static final List<String> STATIONS =
      List.of("CELL", "MOD", "MARK", "ASSY", "TEST", "REWORK", "PACK");

  private PlantHistory() {}

  public static HistoryResult generate(String jdbcUrl, HistorySettings settings)
      throws SQLException {
    Instant began = Instant.now();
    try (Connection setup = DriverManager.getConnection(jdbcUrl)) {
      requireSchema(setup, jdbcUrl);
      registerPlant(setup, settings);
    }
    List<Connection> connections = new ArrayList<>();
    List<CopyStream> streams = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        Connection c = DriverManager.getConnection(jdbcUrl);
        c.setAutoCommit(false);
        connections.add(c);
      }
      var out =
          new LineHistory.Streams(
              track(streams, new CopyStream(connections.get(0), "unit", UNIT_COLUMNS)),
              track(streams, new CopyStream(connections.get(1), "unit_component", BINDING_COLUMNS)),
              track(
                  streams,
                  new CopyStream(connections.get(2), "station_event", STATION_EVENT_COLUMNS)));
      List<LineHistory> lines = new ArrayList<>();
      for (int i = 0; i < settings.lines().size(); i++) {
        LineHistory line = new LineHistory(settings, i, out);
        line.generate();
        lines.add(line);
      }
      out.units().close();
      out.bindings().close();
      out.stationEvents().close();
      long[] small = writeRunsLotsAndLoads(connections.get(0), settings, lines);
      for (Connection c : connections) {
        c.commit();
      }
      rebuildLastSeen(connections.get(0));
      HistoryResult.FaultyLot faulty = faulty(settings, lines.get(0));
      return new HistoryResult(
          (long) settings.productsPerLine() * settings.lines().size(),
          out.units().rows(),
          out.bindings().rows(),
          out.stationEvents().rows(),
          small[1],
          small[0],
          faulty,
          Duration.between(began, Instant.now()));
    } catch (SQLException | RuntimeException e) {
      streams.forEach(CopyStream::abort);
      for (Connection c : connections) {
        try {
          c.rollback();
        } catch (SQLException ignored) {
          // closing follows
        }
      }
      throw e;
    } finally {
      for (Connection c : connections) {
        c.close();
      }
    }
  }

  /** Refreshes the planner's statistics after a bulk load; worth it before measuring. */
  public static void analyze(String jdbcUrl) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl);
        Statement s = c.createStatement()) {
      s.execute(
          "ANALYZE unit, unit_component, station_event, supplier_lot, material_load,"
              + " production_run");
    }
  }

  private static CopyStream track(List<CopyStream> streams, CopyStream s) {
    streams.add(s);
    return s;
  }

  private static long[] writeRunsLotsAndLoads(
      Connection c, HistorySettings settings, List<LineHistory> lines) throws SQLException {
    long runs = 0;
    long lots = 0;
    try (CopyStream out = new CopyStream(c, "production_run", Runs.COLUMNS)) {
      for (LineHistory line : lines) {
        line.runs().write(out, settings.site(), line.line());
        runs += line.runs().size();
      }
    }
    try (CopyStream out = new CopyStream(c, "supplier_lot", LOT_COLUMNS)) {
      for (LineHistory line : lines) {
        for (LotSupply.Lot l : line.lots()) {
          Instant received = l.loadedAt().minus(Duration.ofDays(3));
          out.row(
              l.partNumber(), l.lot(), l.supplier(), true, received, l.quantity(), l.loadedAt());
          lots++;
        }
      }
    }
    try (CopyStream out = new CopyStream(c, "material_load", LOAD_COLUMNS)) {
      for (LineHistory line : lines) {
        for (LotSupply.Lot l : line.lots()) {
          out.row(
              settings.site(),
              line.line(),
              l.station(),
              l.partNumber(),
              l.lot(),
              l.quantity(),
              l.loadedAt(),
              l.unloadedAt());
        }
      }
    }
    return new long[] {runs, lots};
  }

  private static HistoryResult.FaultyLot faulty(HistorySettings settings, LineHistory line) {
    return new HistoryResult.FaultyLot(
        Part.WIDGET,
        line.faultyLot(),
        "Acme Widgets",
        settings.site(),
        line.line(),
        line.faultyRun(),
        List.copyOf(line.faultySerials()));
  }

  /**
   * Fills mes-core's {@code unit_last_seen} (where each unit was last seen, which ingestion keeps
   * and COPY bypasses) from what was written; a schema older than the table has nothing to fill.
   */
  private static void rebuildLastSeen(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT to_regprocedure('unitrace_rebuild_last_seen()')")) {
      rs.next();
      if (rs.getString(1) == null) {
        return;
      }
    }
    try (Statement s = c.createStatement()) {
      s.execute("SELECT unitrace_rebuild_last_seen()");
    }
    c.commit();
  }

  private static void requireSchema(Connection c, String url) throws SQLException {
    try (Statement s = c.createStatement();
        var rs =
            s.executeQuery(
                "SELECT to_regclass('unit_component') IS NOT NULL"
                    + " AND to_regclass('station_event') IS NOT NULL")) {
      rs.next();
      if (!rs.getBoolean(1)) {
        throw new IllegalStateException(
            "the database at %s has no mes-core schema (tables unit_component, station_event):"
                    .formatted(url.replaceAll("password=[^&]*", "password=***"))
                + " start mes-core once against it (it runs its migrations), then generate");
      }
    }
  }

  /** Plant structure and products, and station_event partitions for the generated months. */
  private static void registerPlant(Connection c, HistorySettings settings) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO site (code) VALUES ('"
              + settings.site().replace("'", "''")
              + "') ON CONFLICT DO NOTHING");
    }
    try (PreparedStatement line =
            c.prepareStatement(
                "INSERT INTO line (site, code) VALUES (?, ?) ON CONFLICT DO NOTHING");
        PreparedStatement station =
            c.prepareStatement(
                "INSERT INTO station (site, line, code) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
      for (String l : settings.lines()) {
        line.setString(1, settings.site());
        line.setString(2, l);
        line.executeUpdate();
        for (String st : STATIONS) {
          station.setString(1, settings.site());
          station.setString(2, l);
          station.setString(3, st);
          station.executeUpdate();
        }
      }
    }
    try (PreparedStatement product =
            c.prepareStatement(
                "INSERT INTO product (part_number) VALUES (?) ON CONFLICT DO NOTHING");
        PreparedStatement revision =
            c.prepareStatement(
                "INSERT INTO product_revision (part_number, revision) VALUES (?, 'A')"
                    + " ON CONFLICT DO NOTHING")) {
      for (String p : Stream.of(LineHistory.TOP, LineHistory.MODULE, LineHistory.CELL).toList()) {
        product.setString(1, p);
        product.executeUpdate();
        revision.setString(1, p);
        revision.executeUpdate();
      }
    }
    try (PreparedStatement partitions =
        c.prepareStatement("SELECT unitrace_ensure_partitions('station_event', ?, ?)")) {
      partitions.setTimestamp(1, Timestamp.from(settings.start().minus(Duration.ofDays(1))));
      partitions.setInt(2, settings.days() / 28 + 2);
      partitions.execute();
    }
  }
}
