package org.unitrace.core.analysis;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads, for each given unit, everything in its as-built tree (the unit and its current
 * sub-assemblies, any depth) that could be a common factor: one row per (unit, factor).
 */
@Repository
@RequiredArgsConstructor
class FactorCandidates {

  /** One factor of one given unit; {@code a}, {@code b}, {@code c} are the kind's key parts. */
  record Row(String root, String kind, String a, String b, String c) {}

  /** A given unit as made: for the time-window factor. */
  record Made(String serial, String site, String line, OffsetDateTime serializedAt) {}

  private static final String TREE =
      """
      WITH RECURSIVE tree AS (
        SELECT s AS root, s AS serial, 0 AS depth, ARRAY[s] AS path
          FROM unnest(:serials::text[]) s
        UNION ALL
        SELECT t.root, c.component_serial, t.depth + 1, t.path || c.component_serial
          FROM tree t JOIN unit_component c ON c.unit_serial = t.serial
         WHERE c.component_serial IS NOT NULL AND c.bound_at IS NOT NULL AND c.unbound_at IS NULL
           AND NOT c.component_serial = ANY (t.path) AND t.depth < 50
      ), edges AS (
        SELECT t.root, c.* FROM tree t JOIN unit_component c ON c.unit_serial = t.serial
         WHERE c.bound_at IS NOT NULL AND c.unbound_at IS NULL
      )
      """;

  private final JdbcClient jdbc;

  List<String> known(Collection<String> serials) {
    return jdbc.sql("SELECT serial FROM unit WHERE serial = ANY (:serials)")
        .param("serials", serials.toArray(String[]::new))
        .query(String.class)
        .list();
  }

  List<Made> made(Collection<String> serials) {
    return jdbc.sql(
            "SELECT serial, site, line, serialized_at FROM unit WHERE serial = ANY (:serials)")
        .param("serials", serials.toArray(String[]::new))
        .query(
            (rs, i) ->
                new Made(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getObject(4, OffsetDateTime.class)))
        .list();
  }

  List<Row> of(Collection<String> serials) {
    return jdbc.sql(
            TREE
                + """
                SELECT DISTINCT * FROM (
                  SELECT t.root, 'RUN' AS kind, u.run_id AS a, NULL AS b, NULL AS c
                    FROM tree t JOIN unit u ON u.serial = t.serial WHERE u.run_id IS NOT NULL
                  UNION ALL
                  SELECT t.root, 'LINE', u.site, u.line, NULL
                    FROM tree t JOIN unit u ON u.serial = t.serial
                   WHERE u.site IS NOT NULL AND u.line IS NOT NULL
                  UNION ALL
                  SELECT t.root, 'SHIFT', u.site, u.line, r.shift
                    FROM tree t JOIN unit u ON u.serial = t.serial
                    JOIN production_run r ON r.run_id = u.run_id
                   WHERE r.shift IS NOT NULL AND u.site IS NOT NULL AND u.line IS NOT NULL
                  UNION ALL
                  SELECT t.root, 'STATION', s.site, s.line, s.station
                    FROM tree t JOIN station_event s ON s.unit_serial = t.serial
                  UNION ALL
                  SELECT e.root, 'STATION', e.site, e.line, e.station FROM edges e
                   WHERE e.site IS NOT NULL AND e.line IS NOT NULL AND e.station IS NOT NULL
                  UNION ALL
                  SELECT e.root, 'SUPPLIER_LOT', e.part_number, e.lot,
                         coalesce(e.supplier, l.supplier)
                    FROM edges e
                    LEFT JOIN supplier_lot l ON l.part_number = e.part_number AND l.lot = e.lot
                   WHERE e.lot IS NOT NULL
                  UNION ALL
                  SELECT e.root, 'SUPPLIER', e.part_number, coalesce(e.supplier, l.supplier), NULL
                    FROM edges e
                    LEFT JOIN supplier_lot l ON l.part_number = e.part_number AND l.lot = e.lot
                   WHERE coalesce(e.supplier, l.supplier) IS NOT NULL
                  UNION ALL
                  SELECT e.root, 'COMPONENT_SERIAL_RANGE', e.part_number, e.component_serial, NULL
                    FROM edges e WHERE e.component_serial IS NOT NULL
                ) f
                """)
        .param("serials", serials.toArray(String[]::new))
        .query(
            (rs, i) ->
                new Row(
                    rs.getString("root"),
                    rs.getString("kind"),
                    rs.getString("a"),
                    rs.getString("b"),
                    rs.getString("c")))
        .list();
  }
}
