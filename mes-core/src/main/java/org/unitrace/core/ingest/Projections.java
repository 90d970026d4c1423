package org.unitrace.core.ingest;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventPayload;
import org.unitrace.contract.EventPayload.ComponentBound;
import org.unitrace.contract.EventPayload.MaterialLoaded;
import org.unitrace.contract.EventPayload.MaterialUnloaded;
import org.unitrace.contract.EventPayload.RunEnded;
import org.unitrace.contract.EventPayload.RunStarted;
import org.unitrace.contract.EventPayload.UnitSerialized;
import org.unitrace.contract.EventPayload.UnitStatusChanged;
import org.unitrace.core.integrity.IntegrityChecks;

/**
 * Turns newly stored events into the relational picture: plant structure, runs, units, genealogy
 * edges, lots and material loads, then has the batch checked against the BOMs ({@link
 * IntegrityChecks}). Runs inside the ingesting transaction, one statement per kind of change per
 * batch. Every projection tolerates events arriving out of order (see the README's "Ordering"
 * section): a binding may precede its unit's serialization, an unbind its bind.
 */
@Component
@RequiredArgsConstructor
class Projections {

  private final JdbcTemplate jdbc;
  private final Bindings bindings;
  private final StationSeries series;
  private final IntegrityChecks integrity;

  void apply(List<Event> events) {
    if (events.isEmpty()) {
      return;
    }
    registerPlant(events);
    batch(events, RunStarted.class, Sql.RUN_STARTED, (e, p) -> runStarted(e, p));
    unitsSerialized(events);
    bindings.apply(events);
    statuses(events);
    batch(
        events,
        MaterialLoaded.class,
        Sql.MATERIAL_LOADED,
        (e, p) ->
            new Object[] {
              e.site(),
              e.line(),
              e.station(),
              p.partNumber(),
              p.lot(),
              p.slot(),
              p.quantity(),
              ts(e),
              e.eventId()
            });
    batch(
        events,
        MaterialUnloaded.class,
        Sql.MATERIAL_UNLOADED,
        (e, p) ->
            new Object[] {
              ts(e),
              e.eventId(),
              e.site(),
              e.line(),
              e.station(),
              p.partNumber(),
              p.lot(),
              p.slot(),
              p.slot()
            });
    batch(
        events,
        RunEnded.class,
        Sql.RUN_ENDED,
        (e, p) ->
            new Object[] {p.runId(), e.site(), e.line(), ts(e), p.producedQuantity(), p.reason()});
    registerLots(events);
    integrity.check(events);
    series.record(events);
    UnitLastSeen.record(jdbc, events);
  }

  private static Object[] runStarted(Event e, RunStarted p) {
    return new Object[] {
      p.runId(),
      e.site(),
      e.line(),
      p.partNumber(),
      p.revision(),
      p.plannedQuantity(),
      p.shift(),
      ts(e)
    };
  }

  /** Serials are unique in the batch here: {@link SerialConflicts} took out second ones. */
  private void unitsSerialized(List<Event> events) {
    List<Event> serialized = ofType(events, UnitSerialized.class);
    if (serialized.isEmpty()) {
      return;
    }
    ColumnBatch rows =
        new ColumnBatch(
            serialized.size(),
            "text",
            "text",
            "text",
            "text",
            "text",
            "text",
            "text",
            "timestamptz",
            "uuid");
    for (Event e : serialized) {
      UnitSerialized p = (UnitSerialized) e.payload();
      rows.next()
          .set(0, p.serial())
          .set(1, p.partNumber())
          .set(2, p.revision())
          .set(3, p.runId())
          .set(4, e.site())
          .set(5, e.line())
          .set(6, e.station())
          .set(7, ts(e))
          .set(8, e.eventId());
    }
    rows.execute(jdbc, Sql.UNIT_SERIALIZED);
  }

  private void registerPlant(List<Event> events) {
    Set<List<String>> stations = new LinkedHashSet<>();
    Set<List<String>> revisions = new LinkedHashSet<>();
    for (Event e : events) {
      stations.add(Arrays.asList(e.site(), e.line(), e.station()));
      if (e.payload() instanceof UnitSerialized u) {
        revisions.add(Arrays.asList(u.partNumber(), u.revision()));
      } else if (e.payload() instanceof RunStarted r) {
        revisions.add(Arrays.asList(r.partNumber(), r.revision()));
      }
    }
    jdbc.execute(
        (Connection con) -> {
          try (PreparedStatement ps = con.prepareStatement(Sql.PLANT)) {
            int p = 1;
            for (int column : new int[] {0, 0, 1, 0, 1, 2}) {
              ps.setArray(p++, column(con, stations, column));
            }
            for (int column : new int[] {0, 0, 1}) {
              ps.setArray(p++, column(con, revisions, column));
            }
            ps.execute();
          }
          return null;
        });
  }

  private static Array column(Connection con, Set<List<String>> rows, int column)
      throws SQLException {
    return con.createArrayOf("text", rows.stream().map(r -> r.get(column)).toArray());
  }

  /**
   * One row per (part, lot): the earliest sighting, and the first supplier named in batch order
   * (what applying the batch's sightings one by one would leave).
   */
  private void registerLots(List<Event> events) {
    Map<List<String>, Object[]> lots = new LinkedHashMap<>();
    for (Event e : events) {
      String part;
      String lot;
      String supplier;
      if (e.payload() instanceof ComponentBound b && b.lot() != null) {
        part = b.partNumber();
        lot = b.lot();
        supplier = b.supplier();
      } else if (e.payload() instanceof MaterialLoaded m) {
        part = m.partNumber();
        lot = m.lot();
        supplier = m.supplier();
      } else {
        continue;
      }
      Timestamp at = ts(e);
      lots.merge(
          List.of(part, lot),
          new Object[] {part, lot, supplier, at},
          (was, now) ->
              new Object[] {
                part,
                lot,
                was[2] != null ? was[2] : now[2],
                ((Timestamp) was[3]).before((Timestamp) now[3]) ? was[3] : now[3]
              });
    }
    if (lots.isEmpty()) {
      return;
    }
    ColumnBatch rows = new ColumnBatch(lots.size(), "text", "text", "text", "timestamptz");
    for (Object[] l : lots.values()) {
      rows.next().set(0, l[0]).set(1, l[1]).set(2, l[2]).set(3, l[3]);
    }
    rows.execute(jdbc, Sql.NEW_LOTS);
    rows.execute(jdbc, Sql.KNOWN_LOTS);
  }

  /**
   * Status changes: the units are locked first (one statement), so a hold placed by another
   * transaction is either seen here or sees these changes; a held unit's change goes to its hold.
   */
  private void statuses(List<Event> events) {
    List<String> serials =
        events.stream()
            .filter(e -> e.payload() instanceof UnitStatusChanged)
            .map(e -> e.payload().unitSerial())
            .distinct()
            .toList();
    if (serials.isEmpty()) {
      return;
    }
    jdbc.execute(
        (java.sql.Connection con) -> {
          try (var ps = con.prepareStatement(Sql.LOCK_UNITS)) {
            ps.setArray(1, con.createArrayOf("text", serials.toArray()));
            ps.executeQuery().close();
          }
          return null;
        });
    // one row per unit, its latest change (a later one in the batch wins a tie, as when applied
    // one by one): an upsert may change a row only once per statement
    Map<String, Event> latest = new LinkedHashMap<>();
    for (Event e : ofType(events, UnitStatusChanged.class)) {
      latest.merge(
          e.payload().unitSerial(),
          e,
          (was, now) -> was.occurredAt().isAfter(now.occurredAt()) ? was : now);
    }
    ColumnBatch rows = new ColumnBatch(latest.size(), "text", "text", "text", "timestamptz");
    for (Event e : latest.values()) {
      UnitStatusChanged p = (UnitStatusChanged) e.payload();
      rows.next().set(0, p.serial()).set(1, p.status().name()).set(2, p.reason()).set(3, ts(e));
    }
    rows.execute(jdbc, Sql.HELD_STATUS);
    rows.execute(jdbc, Sql.UNIT_STATUS);
  }

  private static List<Event> ofType(List<Event> events, Class<? extends EventPayload> type) {
    return events.stream().filter(e -> type.isInstance(e.payload())).toList();
  }

  private <P extends EventPayload> void batch(
      List<Event> events, Class<P> type, String sql, Row<P> row) {
    List<Object[]> args = new ArrayList<>();
    for (Event e : events) {
      if (type.isInstance(e.payload())) {
        args.add(row.of(e, type.cast(e.payload())));
      }
    }
    if (!args.isEmpty()) {
      jdbc.batchUpdate(sql, args);
    }
  }

  static Timestamp ts(Event e) {
    return Timestamp.from(e.occurredAt());
  }

  @FunctionalInterface
  interface Row<P> {
    Object[] of(Event event, P payload);
  }
}
