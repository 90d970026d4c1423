package org.unitrace.core.ingest;

/** The projection statements, in one place so they read as the schema's story. */
final class Sql {

  private Sql() {}

  /**
   * The sites, lines, stations, products and revisions a batch names, registered in one statement
   * (the foreign keys are checked at its end, when all five tables have their rows).
   */
  static final String PLANT =
      """
      WITH s AS (INSERT INTO site (code) SELECT DISTINCT unnest(?::text[])
                 ON CONFLICT DO NOTHING),
           l AS (INSERT INTO line (site, code) SELECT DISTINCT * FROM unnest(?::text[], ?::text[])
                 ON CONFLICT DO NOTHING),
           st AS (INSERT INTO station (site, line, code)
                  SELECT DISTINCT * FROM unnest(?::text[], ?::text[], ?::text[])
                  ON CONFLICT DO NOTHING),
           p AS (INSERT INTO product (part_number) SELECT DISTINCT unnest(?::text[])
                 ON CONFLICT DO NOTHING)
      INSERT INTO product_revision (part_number, revision)
      SELECT DISTINCT * FROM unnest(?::text[], ?::text[])
      ON CONFLICT DO NOTHING
      """;

  /**
   * One row per (part, lot) of the batch ({@link Projections} merges the batch's rows first). A
   * known lot is left alone (no row lock, which writers of other lines binding the same lot would
   * wait for); {@link #KNOWN_LOTS} then changes the few whose earliest sighting or supplier moves.
   */
  static final String NEW_LOTS =
      """
      INSERT INTO supplier_lot (part_number, lot, supplier, first_seen_at)
      SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[])
      ON CONFLICT (part_number, lot) DO NOTHING
      """;

  /**
   * A separate statement, so it sees a lot that another writer inserted and committed meanwhile.
   */
  static final String KNOWN_LOTS =
      """
      UPDATE supplier_lot s
         SET first_seen_at = least(s.first_seen_at, l.at),
             supplier = coalesce(s.supplier, l.supplier)
        FROM unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[])
             AS l(part_number, lot, supplier, at)
       WHERE s.part_number = l.part_number AND s.lot = l.lot
         AND (s.first_seen_at IS NULL OR s.first_seen_at > l.at
              OR (s.supplier IS NULL AND l.supplier IS NOT NULL))
      """;

  /** A run created beforehand (API) keeps what it had; the line fills in what is missing. */
  static final String RUN_STARTED =
      """
      INSERT INTO production_run (run_id, site, line, part_number, revision, planned_quantity,
                                  shift, started_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (run_id) DO UPDATE
         SET site = coalesce(production_run.site, excluded.site),
             line = coalesce(production_run.line, excluded.line),
             part_number = coalesce(production_run.part_number, excluded.part_number),
             revision = coalesce(production_run.revision, excluded.revision),
             planned_quantity = coalesce(production_run.planned_quantity, excluded.planned_quantity),
             shift = coalesce(production_run.shift, excluded.shift),
             started_at = least(production_run.started_at, excluded.started_at)
      """;

  static final String RUN_ENDED =
      """
      INSERT INTO production_run (run_id, site, line, ended_at, produced_quantity, end_reason)
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (run_id) DO UPDATE
         SET ended_at = excluded.ended_at,
             produced_quantity = excluded.produced_quantity,
             end_reason = excluded.end_reason
      """;

  /**
   * Fills in a unit first seen through a status change; never overwrites a serialized unit (a
   * second serialization of the same serial is left in the ledger for review, not applied).
   */
  static final String UNIT_SERIALIZED =
      """
      INSERT INTO unit (serial, part_number, revision, run_id, site, line, station,
                        serialized_at, serialized_event)
      SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                           ?::text[], ?::timestamptz[], ?::uuid[])
      ON CONFLICT (serial) DO UPDATE
         SET part_number = excluded.part_number, revision = excluded.revision,
             run_id = excluded.run_id, site = excluded.site, line = excluded.line,
             station = excluded.station, serialized_at = excluded.serialized_at,
             serialized_event = excluded.serialized_event
       WHERE unit.serialized_at IS NULL
      """;

  /**
   * The latest status change wins, whatever order the changes arrive in; a held unit's status stays
   * HELD (the change goes to its hold, {@link #HELD_STATUS}). One row per unit: the batch's latest.
   */
  static final String UNIT_STATUS =
      """
      INSERT INTO unit (serial, status, status_reason, status_changed_at)
      SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[])
      ON CONFLICT (serial) DO UPDATE
         SET status = excluded.status, status_reason = excluded.status_reason,
             status_changed_at = excluded.status_changed_at
       WHERE (unit.status_changed_at IS NULL
              OR unit.status_changed_at <= excluded.status_changed_at)
         AND NOT EXISTS (SELECT 1 FROM unit_hold h
                          WHERE h.unit_serial = unit.serial AND h.released_at IS NULL)
      """;

  /** Locks the units whose status changes, in one order, so a hold placed meanwhile is seen. */
  static final String LOCK_UNITS =
      "SELECT serial FROM unit WHERE serial = ANY(?) ORDER BY serial FOR UPDATE";

  /** A status change for a held unit: the latest becomes the status that comes back on release. */
  static final String HELD_STATUS =
      """
      UPDATE unit_hold h
         SET previous_status = c.status, previous_status_reason = c.reason,
             previous_status_at = c.at
        FROM unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[]) AS c(serial, status, reason, at)
       WHERE h.unit_serial = c.serial AND h.released_at IS NULL
         AND (h.previous_status_at IS NULL OR h.previous_status_at <= c.at)
      """;

  static final String MATERIAL_LOADED =
      """
      INSERT INTO material_load (site, line, station, part_number, lot, slot, quantity,
                                 loaded_at, load_event)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      """;

  /** Closes the open load of that lot at that station (and slot, when given). */
  static final String MATERIAL_UNLOADED =
      """
      UPDATE material_load SET unloaded_at = ?, unload_event = ?
       WHERE id = (SELECT id FROM material_load
                    WHERE site = ? AND line = ? AND station = ? AND part_number = ? AND lot = ?
                      AND (slot IS NOT DISTINCT FROM ?::text OR ?::text IS NULL)
                      AND unloaded_at IS NULL
                    ORDER BY loaded_at DESC LIMIT 1)
      """;
}
