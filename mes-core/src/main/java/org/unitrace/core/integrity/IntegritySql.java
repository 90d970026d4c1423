package org.unitrace.core.integrity;

/** The integrity checks as set-based SQL; each inserts at most one row per fault. */
final class IntegritySql {

  private IntegritySql() {}

  /**
   * A bound edge (new in the batch, or of a unit serialized in the batch) whose part is not among
   * the parts its position allows (the position's part and alternates), or, when the edge names no
   * position the BOM knows, among any position's parts. Only the batch's units whose revision has a
   * BOM are checked, and their edges are read unit by unit (OFFSET 0 keeps that lookup apart); read
   * edges first, every binding of the batch cost a unit and a BOM lookup, also where there was no
   * BOM to check against.
   */
  static final String WRONG_PART =
      """
      WITH checked AS MATERIALIZED (
        SELECT u.serial, u.part_number, u.revision FROM unit u
         WHERE u.serial = ANY (:units)
           AND EXISTS (SELECT 1 FROM bom_item b
                        WHERE b.part_number = u.part_number AND b.revision = u.revision))
      INSERT INTO integrity_exception (kind, serial, part_number, revision, position,
                                       component_part, component_serial, lot, edge_id, detail)
      SELECT 'WRONG_PART', c.unit_serial, u.part_number, u.revision, c.position, c.part_number,
             c.component_serial, c.lot, c.id,
             format('part %s (%s) bound%s is neither in the BOM of %s revision %s nor an'
                    || ' approved alternate',
                    c.part_number,
                    coalesce('serial ' || c.component_serial, 'lot ' || c.lot),
                    coalesce(' at position ' || c.position, ''), u.part_number, u.revision)
        FROM checked u
        CROSS JOIN LATERAL (
          SELECT c.id, c.unit_serial, c.part_number, c.component_serial, c.lot, c.position
            FROM unit_component c
           WHERE c.unit_serial = u.serial AND c.bound_at IS NOT NULL
             AND (c.bound_event = ANY (CAST(:events AS uuid[])) OR u.serial = ANY (:serialized))
          OFFSET 0) c
       WHERE NOT EXISTS (
               SELECT 1 FROM bom_item b LEFT JOIN bom_alternate a ON a.bom_item_id = b.id
                WHERE b.part_number = u.part_number AND b.revision = u.revision
                  AND (b.component_part_number = c.part_number OR a.part_number = c.part_number)
                  AND (b.position = c.position OR c.position IS NULL
                       OR NOT EXISTS (SELECT 1 FROM bom_item p
                                       WHERE p.part_number = u.part_number
                                         AND p.revision = u.revision
                                         AND p.position = c.position)))
      ON CONFLICT DO NOTHING
      """;

  /**
   * A serial bound (in the batch) to a unit while bound to another: the two bindings' times
   * overlap. The pair is recorded once, on the later binding, whichever of the two arrived first.
   */
  static final String DOUBLE_CONSUMPTION =
      """
      WITH pairs AS (
        SELECT DISTINCT
               CASE WHEN (o.bound_at, o.id) < (n.bound_at, n.id) THEN n.id ELSE o.id END AS later,
               CASE WHEN (o.bound_at, o.id) < (n.bound_at, n.id) THEN o.id ELSE n.id END AS earlier
          FROM unnest(CAST(:events AS uuid[]), CAST(:components AS text[])) AS b(event, serial)
          -- each step an index lookup per binding of the batch (OFFSET 0 keeps the subqueries
          -- apart): flattened into joins, the planner, misjudging the sizes while statistics lag
          -- behind a growing table, hashed all of unit_component every batch
          CROSS JOIN LATERAL (
            SELECT c.id, c.unit_serial, c.component_serial, c.bound_at, c.unbound_at
              FROM unit_component c
             WHERE c.component_serial = b.serial AND c.bound_event = b.event
               AND c.bound_at IS NOT NULL
            OFFSET 0) n
          CROSS JOIN LATERAL (
            SELECT o.id, o.bound_at FROM unit_component o
             WHERE o.component_serial = n.component_serial AND o.unit_serial <> n.unit_serial
               AND o.bound_at IS NOT NULL
               AND o.bound_at < coalesce(n.unbound_at, 'infinity')
               AND n.bound_at < coalesce(o.unbound_at, 'infinity')
            OFFSET 0) o)
      INSERT INTO integrity_exception (kind, serial, part_number, revision, component_part,
                                       component_serial, other_serial, edge_id, other_edge_id,
                                       detail)
      SELECT 'DOUBLE_CONSUMPTION', l.unit_serial, u.part_number, u.revision, l.part_number,
             l.component_serial, e.unit_serial, l.id, e.id,
             format('serial %s (part %s) bound to %s at %s while still bound to %s since %s',
                    l.component_serial, l.part_number, l.unit_serial, l.bound_at, e.unit_serial,
                    e.bound_at)
        FROM pairs p
        JOIN unit_component l ON l.id = p.later
        JOIN unit_component e ON e.id = p.earlier
        LEFT JOIN unit u ON u.serial = l.unit_serial
      ON CONFLICT DO NOTHING
      """;

  /**
   * Each required position of a unit completed (and still COMPLETED) that holds fewer bound parts
   * than it needs: SERIAL positions their quantity of pieces, LOT positions at least one binding.
   * An edge fills the position it names, or, naming none the BOM knows, one its part is allowed at.
   */
  /** True for a BOM line {@code b} that unit {@code u} does not fill with what is bound now. */
  private static final String UNFILLED =
      """
      (SELECT count(*) FROM unit_component c
        WHERE c.unit_serial = u.serial AND c.bound_at IS NOT NULL AND c.unbound_at IS NULL
          AND (c.position = b.position
               OR ((c.position IS NULL
                    OR NOT EXISTS (SELECT 1 FROM bom_item p
                                    WHERE p.part_number = b.part_number
                                      AND p.revision = b.revision
                                      AND p.position = c.position))
                   AND (c.part_number = b.component_part_number
                        OR c.part_number IN (SELECT a.part_number FROM bom_alternate a
                                              WHERE a.bom_item_id = b.id)))))
      < CASE WHEN b.tracking = 'SERIAL' THEN b.quantity ELSE 1 END
      """;

  static final String INCOMPLETE =
      """
      INSERT INTO integrity_exception (kind, serial, part_number, revision, position,
                                       component_part, detail)
      SELECT 'INCOMPLETE', u.serial, u.part_number, u.revision, b.position,
             b.component_part_number,
             format('unit %s completed with required position %s (%s x %s, %s) unfilled',
                    u.serial, b.position, trim_scale(b.quantity), b.component_part_number,
                    b.tracking)
        FROM unit u
        JOIN bom_item b ON b.part_number = u.part_number AND b.revision = u.revision
       WHERE u.serial = ANY (:completed) AND u.status = 'COMPLETED' AND b.required
         AND """
          + UNFILLED
          + """
      ON CONFLICT DO NOTHING
      """;

  /**
   * A completion may arrive before the bindings that fill it (events are not ordered across
   * stations): an open INCOMPLETE whose position a binding in the batch has filled since is closed
   * by the system, saying so.
   */
  static final String INCOMPLETE_FILLED_LATE =
      """
      UPDATE integrity_exception x
         SET resolved_at = now(), resolved_by = 'system',
             resolution = 'position filled by a binding that arrived after the completion'
        FROM unit u
        JOIN bom_item b ON b.part_number = u.part_number AND b.revision = u.revision
       WHERE x.kind = 'INCOMPLETE' AND x.resolved_at IS NULL AND x.serial = ANY (:units)
         AND u.serial = x.serial AND b.position = x.position
         AND NOT ("""
          + UNFILLED
          + ")";
}
