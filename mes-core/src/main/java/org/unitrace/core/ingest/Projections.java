package org.unitrace.core.ingest;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventPayload;
import org.unitrace.contract.EventPayload.ComponentBound;
import org.unitrace.contract.EventPayload.ComponentUnbound;
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
class Projections {

  private final JdbcTemplate jdbc;
  private final StationSeries series;
  private final IntegrityChecks integrity;

  Projections(JdbcTemplate jdbc, StationSeries series, IntegrityChecks integrity) {
    this.jdbc = jdbc;
    this.series = series;
    this.integrity = integrity;
  }

  void apply(List<Event> events) {
    if (events.isEmpty()) {
      return;
    }
    registerPlant(events);
    batch(events, RunStarted.class, Sql.RUN_STARTED, (e, p) -> runStarted(e, p));
    unitsSerialized(events);
    bindings(events);
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
    List<Object[]> sites = new ArrayList<>();
    List<Object[]> lines = new ArrayList<>();
    List<Object[]> stations = new ArrayList<>();
    List<Object[]> products = new ArrayList<>();
    for (Event e : events) {
      sites.add(new Object[] {e.site()});
      lines.add(new Object[] {e.site(), e.line()});
      stations.add(new Object[] {e.site(), e.line(), e.station()});
      if (e.payload() instanceof UnitSerialized u) {
        products.add(new Object[] {u.partNumber(), u.revision()});
      } else if (e.payload() instanceof RunStarted r) {
        products.add(new Object[] {r.partNumber(), r.revision()});
      }
    }
    jdbc.batchUpdate(Sql.SITE, distinct(sites));
    jdbc.batchUpdate(Sql.LINE, distinct(lines));
    jdbc.batchUpdate(Sql.STATION, distinct(stations));
    List<Object[]> distinctProducts = distinct(products);
    jdbc.batchUpdate(Sql.PRODUCT, distinctProducts.stream().map(p -> new Object[] {p[0]}).toList());
    jdbc.batchUpdate(Sql.PRODUCT_REVISION, distinctProducts);
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
    rows.execute(jdbc, Sql.LOT);
  }

  /** Binds and unbinds, in event order, through one call of {@code unitrace_apply_bindings}. */
  private void bindings(List<Event> events) {
    List<Event> changes =
        events.stream()
            .filter(
                e ->
                    e.payload() instanceof ComponentBound
                        || e.payload() instanceof ComponentUnbound)
            .toList();
    if (changes.isEmpty()) {
      return;
    }
    ColumnBatch rows =
        new ColumnBatch(
            changes.size(),
            "text",
            "uuid",
            "timestamptz",
            "text",
            "text",
            "text",
            "text",
            "text",
            "text",
            "text",
            "text",
            "numeric",
            "text",
            "text");
    for (Event e : changes) {
      rows.next()
          .set(1, e.eventId())
          .set(2, ts(e))
          .set(3, e.site())
          .set(4, e.line())
          .set(5, e.station());
      if (e.payload() instanceof ComponentBound b) {
        rows.set(0, "bind").set(6, b.unitSerial()).set(7, b.partNumber());
        rows.set(8, b.componentSerial()).set(9, b.lot()).set(10, b.supplier());
        rows.set(11, b.quantity()).set(12, b.position());
      } else if (e.payload() instanceof ComponentUnbound u) {
        rows.set(0, "unbind").set(6, u.unitSerial()).set(7, u.partNumber());
        rows.set(8, u.componentSerial()).set(9, u.lot()).set(13, u.reason());
      }
    }
    rows.query(jdbc, Sql.APPLY_BINDINGS, rs -> null);
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

  private static List<Object[]> distinct(List<Object[]> rows) {
    Map<List<Object>, Object[]> unique = new java.util.LinkedHashMap<>();
    rows.forEach(r -> unique.putIfAbsent(List.of(r), r));
    return new ArrayList<>(unique.values());
  }

  static Timestamp ts(Event e) {
    return Timestamp.from(e.occurredAt());
  }

  @FunctionalInterface
  interface Row<P> {
    Object[] of(Event event, P payload);
  }
}
