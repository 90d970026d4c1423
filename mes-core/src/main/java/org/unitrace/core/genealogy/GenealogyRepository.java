package org.unitrace.core.genealogy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The genealogy queries: plain SQL, recursive CTEs over {@code unit_component}. */
@Repository
class GenealogyRepository {

  /** How deep a tree may nest before the query stops following it (a guard against cycles). */
  static final int MAX_DEPTH = 50;

  private final JdbcClient jdbc;
  private final ObjectMapper json;

  GenealogyRepository(JdbcClient jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** A unit's own row, without timeline. */
  record UnitRow(
      String serial,
      String partNumber,
      String revision,
      String runId,
      String site,
      String line,
      String station,
      String status,
      String statusReason,
      OffsetDateTime serializedAt) {}

  Optional<UnitRow> unit(String serial) {
    return units(List.of(serial)).values().stream().findFirst();
  }

  Map<String, UnitRow> units(Collection<String> serials) {
    return jdbc
        .sql(
            """
            SELECT serial, part_number, revision, run_id, site, line, station, status,
                   status_reason, serialized_at
              FROM unit WHERE serial = ANY (:serials)
            """)
        .param("serials", serials.toArray(String[]::new))
        .query(
            (rs, i) ->
                new UnitRow(
                    rs.getString("serial"),
                    rs.getString("part_number"),
                    rs.getString("revision"),
                    rs.getString("run_id"),
                    rs.getString("site"),
                    rs.getString("line"),
                    rs.getString("station"),
                    rs.getString("status"),
                    rs.getString("status_reason"),
                    rs.getObject("serialized_at", OffsetDateTime.class)))
        .list()
        .stream()
        .collect(Collectors.toMap(UnitRow::serial, Function.identity()));
  }

  List<UnitView.TimelineEntry> timeline(String serial, int limit) {
    return jdbc.sql(
            """
            SELECT * FROM (
              SELECT event_id, type, occurred_at, site, line, station, agent_id, seq,
                     payload::text AS payload,
                     CASE WHEN unit_serial = :serial THEN 'subject' ELSE 'component' END AS role
                FROM event
               WHERE unit_serial = :serial OR component_serial = :serial
              UNION ALL
              SELECT id, kind, at, site, NULL, NULL, by, NULL,
                     (details || jsonb_strip_nulls(jsonb_build_object('from', from_place,
                                                                      'to', to_place)))::text,
                     'after-sales'
                FROM unit_history WHERE serial = :serial
            ) t
             ORDER BY occurred_at, agent_id, seq
             LIMIT :limit
            """)
        .param("serial", serial)
        .param("limit", limit)
        .query(
            (rs, i) ->
                new UnitView.TimelineEntry(
                    rs.getObject("event_id", UUID.class),
                    rs.getString("type"),
                    rs.getObject("occurred_at", OffsetDateTime.class),
                    rs.getString("site"),
                    rs.getString("line"),
                    rs.getString("station"),
                    rs.getString("agent_id"),
                    (Long) rs.getObject("seq"),
                    rs.getString("role"),
                    readJson(rs.getString("payload"))))
        .list();
  }

  /** Where the unit is now (V7 after-sales), if anywhere. */
  Optional<UnitView.Place> place(String serial) {
    return jdbc.sql(
            "SELECT location, shipment_id, customer, since FROM unit_place WHERE serial = ?")
        .param(serial)
        .query(UnitView.Place.class)
        .optional();
  }

  /** The open stolen or lost report of the unit (V7 after-sales), if any. */
  Optional<UnitView.StolenFlag> stolen(String serial) {
    return jdbc.sql(
            """
            SELECT id AS report_id, kind, reported_by, police_reference, reported_at
              FROM stolen_report WHERE serial = ? AND cleared_at IS NULL
            """)
        .param(serial)
        .query(UnitView.StolenFlag.class)
        .optional();
  }

  /** One genealogy edge, with the unit it belongs to. */
  record Edge(String unitSerial, GenealogyNode.Component component) {}

  /**
   * Every edge under a unit: its own, and recursively those of the sub-assemblies bound in it now
   * (a removed sub-assembly is history; its insides are not followed).
   */
  List<Edge> edgesBelow(String serial) {
    return jdbc.sql(
            """
            WITH RECURSIVE edges AS (
              SELECT c.*, 1 AS depth, ARRAY[c.unit_serial] AS path
                FROM unit_component c WHERE c.unit_serial = :serial
              UNION ALL
              SELECT c.*, e.depth + 1, e.path || c.unit_serial
                FROM edges e JOIN unit_component c ON c.unit_serial = e.component_serial
               WHERE e.bound_at IS NOT NULL AND e.unbound_at IS NULL
                 AND NOT c.unit_serial = ANY (e.path) AND e.depth < :maxDepth
            )
            SELECT * FROM edges ORDER BY depth, bound_at NULLS LAST, id
            """)
        .param("serial", serial)
        .param("maxDepth", MAX_DEPTH)
        .query((rs, i) -> new Edge(rs.getString("unit_serial"), component(rs)))
        .list();
  }

  private static GenealogyNode.Component component(ResultSet rs) throws SQLException {
    return new GenealogyNode.Component(
        rs.getLong("id"),
        rs.getString("part_number"),
        rs.getString("component_serial"),
        rs.getString("lot"),
        rs.getString("supplier"),
        rs.getBigDecimal("quantity"),
        rs.getString("position"),
        rs.getString("site"),
        rs.getString("line"),
        rs.getString("station"),
        rs.getObject("bound_at", OffsetDateTime.class),
        rs.getObject("unbound_at", OffsetDateTime.class),
        rs.getString("unbind_reason"),
        (Long) rs.getObject("correction_id"),
        null);
  }

  /**
   * Units that contain what {@code seed} selects (a WHERE clause on {@code unit_component c}),
   * directly or through sub-assemblies; the shortest path to each.
   */
  List<WhereUsedView.AffectedUnit> whereUsed(WhereUsedQuery query) {
    return jdbc.sql(
            """
            WITH RECURSIVE up AS (
              SELECT c.unit_serial, 1 AS depth, ARRAY[c.unit_serial] AS path
                FROM unit_component c
               WHERE c.bound_at IS NOT NULL AND c.unbound_at IS NULL
                 AND ((:componentSerial::text IS NOT NULL AND c.component_serial = :componentSerial)
                   OR (:lot::text IS NOT NULL AND c.part_number = :partNumber AND c.lot = :lot))
              UNION
              SELECT p.unit_serial, up.depth + 1, p.unit_serial || up.path
                FROM up JOIN unit_component p ON p.component_serial = up.unit_serial
               WHERE p.bound_at IS NOT NULL AND p.unbound_at IS NULL
                 AND NOT p.unit_serial = ANY (up.path) AND up.depth < :maxDepth
            ), nearest AS (
              SELECT DISTINCT ON (unit_serial) unit_serial, depth, path
                FROM up ORDER BY unit_serial, depth
            )
            SELECT n.unit_serial, n.depth, n.path, u.part_number, u.revision, u.run_id, u.status,
                   NOT EXISTS (SELECT 1 FROM unit_component t
                                WHERE t.component_serial = n.unit_serial
                                  AND t.bound_at IS NOT NULL AND t.unbound_at IS NULL) AS top_level
              FROM nearest n LEFT JOIN unit u ON u.serial = n.unit_serial
             ORDER BY n.depth, n.unit_serial
            """)
        .param("componentSerial", query.componentSerial())
        .param("partNumber", query.partNumber())
        .param("lot", query.lot())
        .param("maxDepth", MAX_DEPTH)
        .query(
            (rs, i) ->
                new WhereUsedView.AffectedUnit(
                    rs.getString("unit_serial"),
                    rs.getString("part_number"),
                    rs.getString("revision"),
                    rs.getString("run_id"),
                    rs.getString("status"),
                    rs.getInt("depth"),
                    rs.getBoolean("top_level"),
                    strings(rs.getArray("path"))))
        .list();
  }

  private static List<String> strings(Array array) throws SQLException {
    return Arrays.asList((String[]) array.getArray());
  }

  private com.fasterxml.jackson.databind.JsonNode readJson(String text) {
    try {
      return json.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
