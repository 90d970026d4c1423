package org.unitrace.core.ingest;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventPayload;
import org.unitrace.contract.EventPayload.ComponentBound;
import org.unitrace.contract.EventPayload.MarkVerified;
import org.unitrace.contract.EventPayload.StationResult;
import org.unitrace.contract.EventPayload.UnitSerialized;

/**
 * Keeps {@code unit_last_seen}: for each unit, the station of its newest station event or binding,
 * which the forward trace answers as {@code lastSeen} (where work in progress is now) with one
 * lookup per unit. One statement per batch; events arriving out of order never move a unit back to
 * an older sighting, and at the same time a station event goes before a binding, as {@code
 * unitrace_rebuild_last_seen()} (V29) computes it from the stored rows.
 */
final class UnitLastSeen {

  private static final String KEEP_NEWEST =
      """
      INSERT INTO unit_last_seen AS kept (serial, site, line, station, at, binding)
      SELECT DISTINCT ON (serial) *
        FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::boolean[])
             AS s(serial, site, line, station, at, binding)
       ORDER BY serial, at DESC, binding
      ON CONFLICT (serial) DO UPDATE
         SET site = excluded.site, line = excluded.line, station = excluded.station,
             at = excluded.at, binding = excluded.binding
       WHERE excluded.at > kept.at
          OR (excluded.at = kept.at AND kept.binding AND NOT excluded.binding)
      """;

  private UnitLastSeen() {}

  /**
   * Records where the batch's stored events saw their units (the same events the projections
   * applied).
   */
  static void record(JdbcTemplate jdbc, List<Event> events) {
    List<Event> sightings = events.stream().filter(e -> serial(e) != null).toList();
    if (sightings.isEmpty()) {
      return;
    }
    ColumnBatch rows =
        new ColumnBatch(sightings.size(), "text", "text", "text", "text", "timestamptz", "boolean");
    for (Event e : sightings) {
      rows.next()
          .set(0, serial(e))
          .set(1, e.site())
          .set(2, e.line())
          .set(3, e.station())
          .set(4, Projections.ts(e))
          .set(5, e.payload() instanceof ComponentBound);
    }
    rows.execute(jdbc, KEEP_NEWEST);
  }

  /** The unit an event saw at its station, or null for events that are no sighting of a unit. */
  private static String serial(Event e) {
    EventPayload p = e.payload();
    boolean sighting =
        p instanceof UnitSerialized
            || p instanceof MarkVerified
            || p instanceof StationResult
            || p instanceof ComponentBound;
    return sighting ? p.unitSerial() : null;
  }
}
