package org.unitrace.core.ingest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventPayload.ComponentBound;
import org.unitrace.contract.EventPayload.ComponentUnbound;

/**
 * The genealogy edges of a batch: which component serial or lot went into which unit, and when it
 * came out again. A binding is keyed by (unit, part, component serial, lot); the changes of one key
 * are applied in event order, and keys do not affect each other. Almost every key of a batch is one
 * bind: those go in as one set-based statement. Keys with several changes, or an unbind, go through
 * {@code unitrace_apply_bindings} one by one, in event order (rework is rare).
 */
@Component
@RequiredArgsConstructor
class Bindings {

  /**
   * The single binds of a batch. A bind whose unbind arrived first (out of order) completes that
   * unbind-only row, the earliest one unbound at or after the bind; the others are new rows.
   */
  static final String SINGLE_BINDS =
      """
      WITH b AS (
        SELECT * FROM unnest(?::uuid[], ?::timestamptz[], ?::text[], ?::text[], ?::text[],
                             ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::numeric[],
                             ?::text[])
          AS b(event_id, at, site, line, station, unit_serial, part_number, component_serial,
               lot, supplier, quantity, position)),
      unbound_first AS (
        SELECT DISTINCT ON (b.event_id) b.event_id, c.id
          FROM b JOIN unit_component c
            ON c.unit_serial = b.unit_serial AND c.bound_at IS NULL
           AND c.part_number = b.part_number
           AND c.component_serial IS NOT DISTINCT FROM b.component_serial
           AND c.lot IS NOT DISTINCT FROM b.lot
           AND c.unbound_at >= b.at
         ORDER BY b.event_id, c.unbound_at),
      completed AS (
        UPDATE unit_component c
           SET bound_at = b.at, bound_event = b.event_id, supplier = b.supplier,
               quantity = b.quantity, position = b.position
          FROM unbound_first f JOIN b ON b.event_id = f.event_id
         WHERE c.id = f.id)
      INSERT INTO unit_component (unit_serial, part_number, component_serial, lot, supplier,
                                  quantity, position, site, line, station, bound_at, bound_event)
      SELECT unit_serial, part_number, component_serial, lot, supplier, quantity, position, site,
             line, station, at, event_id
        FROM b
       WHERE NOT EXISTS (SELECT 1 FROM unbound_first f WHERE f.event_id = b.event_id)
      """;

  static final String ONE_BY_ONE =
      "SELECT unitrace_apply_bindings(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private final JdbcTemplate jdbc;

  void apply(List<Event> events) {
    Map<List<String>, Integer> changesPerKey = new HashMap<>();
    List<Event> changes = new ArrayList<>();
    for (Event e : events) {
      if (e.payload() instanceof ComponentBound || e.payload() instanceof ComponentUnbound) {
        changes.add(e);
        changesPerKey.merge(key(e), 1, Integer::sum);
      }
    }
    List<Event> singleBinds = new ArrayList<>();
    List<Event> inOrder = new ArrayList<>();
    for (Event e : changes) {
      boolean single = e.payload() instanceof ComponentBound && changesPerKey.get(key(e)) == 1;
      (single ? singleBinds : inOrder).add(e);
    }
    if (!singleBinds.isEmpty()) {
      singleBinds(singleBinds).execute(jdbc, SINGLE_BINDS);
    }
    if (!inOrder.isEmpty()) {
      oneByOne(inOrder).query(jdbc, ONE_BY_ONE, rs -> null);
    }
  }

  private static List<String> key(Event e) {
    if (e.payload() instanceof ComponentBound b) {
      return Arrays.asList(b.unitSerial(), b.partNumber(), b.componentSerial(), b.lot());
    }
    ComponentUnbound u = (ComponentUnbound) e.payload();
    return Arrays.asList(u.unitSerial(), u.partNumber(), u.componentSerial(), u.lot());
  }

  private static ColumnBatch singleBinds(List<Event> binds) {
    ColumnBatch rows = new ColumnBatch(binds.size(), columns(EVENT_COLUMNS, BOUND_COLUMNS));
    for (Event e : binds) {
      rows.next();
      setEvent(rows, 0, e);
      setBound(rows, 5, (ComponentBound) e.payload());
    }
    return rows;
  }

  private static ColumnBatch oneByOne(List<Event> changes) {
    ColumnBatch rows =
        new ColumnBatch(
            changes.size(),
            columns(new String[] {"text"}, EVENT_COLUMNS, BOUND_COLUMNS, new String[] {"text"}));
    for (Event e : changes) {
      rows.next();
      setEvent(rows, 1, e);
      if (e.payload() instanceof ComponentBound b) {
        rows.set(0, "bind");
        setBound(rows, 6, b);
      } else if (e.payload() instanceof ComponentUnbound u) {
        rows.set(0, "unbind").set(6, u.unitSerial()).set(7, u.partNumber());
        rows.set(8, u.componentSerial()).set(9, u.lot()).set(13, u.reason());
      }
    }
    return rows;
  }

  /** The SQL types of {@link #setEvent}'s columns. */
  private static final String[] EVENT_COLUMNS = {"uuid", "timestamptz", "text", "text", "text"};

  /** The SQL types of {@link #setBound}'s columns. */
  private static final String[] BOUND_COLUMNS = {
    "text", "text", "text", "text", "text", "numeric", "text"
  };

  private static String[] columns(String[]... parts) {
    return Arrays.stream(parts).flatMap(Arrays::stream).toArray(String[]::new);
  }

  /** The event's id, time, site, line and station, in five columns from {@code at}. */
  private static void setEvent(ColumnBatch rows, int at, Event e) {
    rows.set(at, e.eventId())
        .set(at + 1, Projections.ts(e))
        .set(at + 2, e.site())
        .set(at + 3, e.line())
        .set(at + 4, e.station());
  }

  /** The binding's unit, part, component, lot, supplier, quantity and position from {@code at}. */
  private static void setBound(ColumnBatch rows, int at, ComponentBound b) {
    rows.set(at, b.unitSerial())
        .set(at + 1, b.partNumber())
        .set(at + 2, b.componentSerial())
        .set(at + 3, b.lot())
        .set(at + 4, b.supplier())
        .set(at + 5, b.quantity())
        .set(at + 6, b.position());
  }
}
