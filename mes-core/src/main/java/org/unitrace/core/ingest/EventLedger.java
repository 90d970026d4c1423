package org.unitrace.core.ingest;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventPayload;

/** The event ledger and the dead letters: one round trip per batch, whatever its size. */
@Repository
@RequiredArgsConstructor
class EventLedger {

  /**
   * The documents travel as they came, as one JSON array (the n-th element is the n-th row): no
   * escaping into a text array on the way out, nor parsing one on the way in. The array is {@code
   * json}, only checked and split, and only each payload becomes {@code jsonb}: converting the
   * whole documents took about twice as long, for envelope fields the columns already hold.
   */
  private static final String INSERT_NEW =
      """
      INSERT INTO event (event_id, type, schema_version, occurred_at, site, line, station,
                         agent_id, seq, unit_serial, component_serial, source, payload)
      SELECT e.id, e.type, e.version, e.at, e.site, e.line, e.station,
             e.agent, e.seq, e.unit, e.component, e.source, (d.doc -> 'payload')::jsonb
      FROM unnest(?::uuid[], ?::text[], ?::int[], ?::timestamptz[], ?::text[], ?::text[],
                  ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[])
             WITH ORDINALITY AS e(id, type, version, at, site, line, station, agent, seq, unit,
                                  component, source, n)
      JOIN json_array_elements(?::json) WITH ORDINALITY AS d(doc, n) ON d.n = e.n
      ON CONFLICT (event_id) DO NOTHING
      RETURNING event_id
      """;

  private static final String INSERT_DEAD_LETTER =
      """
      INSERT INTO dead_letter (source, topic, reason, path, event_id, agent_id, raw)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      """;

  private final JdbcTemplate jdbc;

  /**
   * Has this transaction's statements planned per call, and never compiled. pgjdbc and PL/pgSQL
   * cache a plan per connection; one made while a new database's tables were nearly empty is a
   * sequential scan, and only an ANALYZE (autovacuum, when it runs) replaces it: every binding then
   * read all of {@code unit_component}. Planning the batch's few statements costs far less than
   * that. Statistics that lag behind a growing table also overestimate rows per serial a
   * hundredfold, enough for a plan of index lookups to cross {@code jit_above_cost}: its JIT
   * compilation took 50-100 ms, for a statement that runs in a few.
   */
  void planPerCall() {
    jdbc.execute(
        "SELECT set_config('plan_cache_mode', 'force_custom_plan', true),"
            + " set_config('jit', 'off', true)");
  }

  /** Inserts the events not stored before and answers which ones those were. */
  Set<UUID> insertNew(List<EventIngestor.Accepted> accepted) {
    if (accepted.isEmpty()) {
      return Set.of();
    }
    ColumnBatch rows =
        new ColumnBatch(
            accepted.size(),
            "uuid",
            "text",
            "int4",
            "timestamptz",
            "text",
            "text",
            "text",
            "text",
            "int8",
            "text",
            "text",
            "text");
    StringBuilder documents = new StringBuilder(accepted.size() * 600).append('[');
    for (EventIngestor.Accepted a : accepted) {
      Event e = a.event();
      rows.next()
          .set(0, e.eventId())
          .set(1, e.type().name())
          .set(2, e.schemaVersion())
          .set(3, Timestamp.from(e.occurredAt()))
          .set(4, e.site())
          .set(5, e.line())
          .set(6, e.station())
          .set(7, e.agentId())
          .set(8, e.seq())
          .set(9, e.unitSerial())
          .set(10, componentSerialOf(e.payload()))
          .set(11, a.incoming().source());
      if (documents.length() > 1) {
        documents.append(',');
      }
      documents.append(new String(a.incoming().raw(), StandardCharsets.UTF_8));
    }
    return rows.query(
        jdbc,
        INSERT_NEW,
        rs -> {
          Set<UUID> fresh = new HashSet<>();
          while (rs.next()) {
            fresh.add(rs.getObject(1, UUID.class));
          }
          return fresh;
        },
        documents.append(']').toString());
  }

  void deadLetters(List<DeadLetter> deadLetters) {
    if (deadLetters.isEmpty()) {
      return;
    }
    jdbc.batchUpdate(
        INSERT_DEAD_LETTER,
        deadLetters,
        deadLetters.size(),
        (ps, d) -> {
          ps.setString(1, d.source());
          ps.setString(2, d.topic());
          ps.setString(3, d.reason());
          ps.setString(4, d.path());
          ps.setObject(5, d.eventId());
          ps.setString(6, d.agentId());
          ps.setBytes(7, d.raw());
        });
  }

  private static String componentSerialOf(EventPayload payload) {
    if (payload instanceof EventPayload.ComponentBound b) {
      return b.componentSerial();
    }
    if (payload instanceof EventPayload.ComponentUnbound u) {
      return u.componentSerial();
    }
    return null;
  }
}
