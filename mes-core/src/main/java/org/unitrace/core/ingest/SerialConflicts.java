package org.unitrace.core.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventPayload.UnitSerialized;

/**
 * A serial serialized a second time, by another event: a serial reused or duplicated on the line.
 * Such an event is not applied; it goes to the dead letters naming the first serialization, and an
 * alert is raised. A redelivery of the same event (same eventId) is no conflict: the ledger drops
 * it as a duplicate.
 */
@Component
@RequiredArgsConstructor
class SerialConflicts {

  /** The unit's first serialization, as the reason quotes it. */
  record First(UUID eventId, String agentId, String site, String line, String station, String at) {}

  /** An accepted event that must not be applied, and why. */
  record Conflict(EventIngestor.Accepted accepted, String reason) {}

  private final JdbcTemplate jdbc;

  /**
   * The events of {@code accepted} that serialize a serial already serialized by another event, in
   * the database or earlier in the batch. Runs inside the ingest transaction; per-serial advisory
   * locks, taken for the whole batch in one statement, keep two concurrent batches from both seeing
   * the serial free.
   */
  List<Conflict> find(List<EventIngestor.Accepted> accepted) {
    TreeSet<String> serials = new TreeSet<>();
    for (EventIngestor.Accepted a : accepted) {
      if (a.event().payload() instanceof UnitSerialized u) {
        serials.add(u.serial());
      }
    }
    if (serials.isEmpty()) {
      return List.of();
    }
    Map<String, First> first = new HashMap<>();
    String[] batchSerials = serials.toArray(String[]::new);
    // two statements for the whole batch: lock the serials, in the order of their lock keys so that
    // two batches cannot deadlock, then read the first serialization of those already serialized
    jdbc.query(
        """
        SELECT pg_advisory_xact_lock(k.key)
          FROM (SELECT DISTINCT hashtext(s) AS key FROM unnest(?::text[]) AS s) k
         ORDER BY k.key
        """,
        ps -> ps.setArray(1, ps.getConnection().createArrayOf("text", batchSerials)),
        rs -> {});
    jdbc.query(
        """
        SELECT u.serial, u.serialized_event, e.agent_id, u.site, u.line, u.station,
               u.serialized_at
          FROM unit u LEFT JOIN event e ON e.event_id = u.serialized_event
         WHERE u.serial = ANY(?::text[]) AND u.serialized_event IS NOT NULL
        """,
        ps -> ps.setArray(1, ps.getConnection().createArrayOf("text", batchSerials)),
        rs -> {
          first.put(
              rs.getString(1),
              new First(
                  rs.getObject(2, UUID.class),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getObject(7, java.time.OffsetDateTime.class).toInstant().toString()));
        });
    List<Conflict> conflicts = new ArrayList<>();
    for (EventIngestor.Accepted a : accepted) {
      Event e = a.event();
      if (!(e.payload() instanceof UnitSerialized u)) {
        continue;
      }
      First f = first.get(u.serial());
      if (f == null) {
        first.put(
            u.serial(),
            new First(
                e.eventId(),
                e.agentId(),
                e.site(),
                e.line(),
                e.station(),
                e.occurredAt().toString()));
      } else if (!f.eventId().equals(e.eventId())) {
        conflicts.add(
            new Conflict(
                a,
                "serial %s serialized twice: first by event %s of agent %s at %s/%s/%s on %s"
                    .formatted(
                        u.serial(),
                        f.eventId(),
                        f.agentId(),
                        f.site(),
                        f.line(),
                        f.station(),
                        f.at())));
      }
    }
    return conflicts;
  }

  /** Raises the alert for a refused second serialization. */
  void alert(Conflict c) {
    Event e = c.accepted().event();
    UnitSerialized u = (UnitSerialized) e.payload();
    jdbc.update(
        """
        INSERT INTO alert (serial, kind, seen_where, seen_what, event_id)
        SELECT ?, 'DUPLICATE_SERIAL', ?, ?, ?
         WHERE NOT EXISTS (SELECT 1 FROM alert WHERE kind = 'DUPLICATE_SERIAL' AND event_id = ?)
        """,
        u.serial(),
        e.site() + "/" + e.line() + "/" + e.station(),
        c.reason(),
        e.eventId(),
        e.eventId());
  }
}
