package org.unitrace.core.ingest;

/** The projection statements, in one place so they read as the schema's story. */
final class Sql {

  private Sql() {}

  static final String SITE = "INSERT INTO site (code) VALUES (?) ON CONFLICT DO NOTHING";

  static final String LINE = "INSERT INTO line (site, code) VALUES (?, ?) ON CONFLICT DO NOTHING";

  static final String STATION =
      "INSERT INTO station (site, line, code) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";

  static final String PRODUCT =
      "INSERT INTO product (part_number) VALUES (?) ON CONFLICT DO NOTHING";

  static final String PRODUCT_REVISION =
      "INSERT INTO product_revision (part_number, revision) VALUES (?, ?) ON CONFLICT DO NOTHING";

  /** One row per (part, lot) of the batch ({@link Projections} merges the batch's rows first). */
  static final String LOT =
      """
      INSERT INTO supplier_lot (part_number, lot, supplier, first_seen_at)
      SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[])
      ON CONFLICT (part_number, lot) DO UPDATE
         SET first_seen_at = least(supplier_lot.first_seen_at, excluded.first_seen_at),
             supplier = coalesce(supplier_lot.supplier, excluded.supplier)
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

  static final String APPLY_BINDINGS =
      "SELECT unitrace_apply_bindings(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

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
