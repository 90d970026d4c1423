package org.unitrace.core.genealogy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.unitrace.core.system.QueryBudget;

/** The genealogy queries: plain SQL, recursive CTEs over {@code unit_component}. */
@Repository
@RequiredArgsConstructor
class GenealogyRepository {

  /** How deep a tree may nest before the query stops following it (a guard against cycles). */
  static final int MAX_DEPTH = 50;

  private final JdbcClient jdbc;
  private final ObjectMapper json;

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
                unitRow(
                    rs,
                    rs.getString("serial"),
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
   * Everything the as-built tree of one unit is made of: the edges below it (in tree order), and of
   * the units among them (the unit itself and its components, by serial) their rows, their runs (by
   * id) and their station events (per unit, oldest first).
   */
  record Tree(
      List<Edge> edges,
      Map<String, UnitRow> units,
      Map<String, GenealogyNode.Run> runs,
      Map<String, List<GenealogyNode.StationEvent>> stationEvents) {}

  /**
   * The tree below a unit in one statement: its own edges, and recursively those of the
   * sub-assemblies bound in it now (a removed sub-assembly is history; its insides are not
   * followed); then the rows of the unit and of every component serial that is a unit, their runs
   * and their station events. The four kinds of rows come as one result, told apart by {@code
   * kind}: each kind fills its own columns and the ones it shares ({@code serial}, {@code site},
   * {@code line}, {@code station}, {@code at}, {@code until}).
   */
  QueryBudget.Statement<Tree> tree(String serial) {
    return new QueryBudget.Statement<>(
        """
        WITH RECURSIVE edges AS (
          SELECT c.*, 1 AS depth, ARRAY[c.unit_serial] AS path
            FROM unit_component c WHERE c.unit_serial = :serial
          UNION ALL
          SELECT c.*, e.depth + 1, e.path || c.unit_serial
            FROM edges e JOIN unit_component c ON c.unit_serial = e.component_serial
           WHERE e.bound_at IS NOT NULL AND e.unbound_at IS NULL
             AND NOT c.unit_serial = ANY (e.path) AND e.depth < :maxDepth
        ), units AS (
          SELECT u.* FROM unit u
           WHERE u.serial = ANY (ARRAY(SELECT component_serial FROM edges
                                        WHERE component_serial IS NOT NULL) || :serial::text)
        ), runs AS (
          SELECT r.* FROM production_run r WHERE r.run_id = ANY (ARRAY(SELECT run_id FROM units))
        ), events AS (
          SELECT s.* FROM station_event s WHERE s.unit_serial = ANY (ARRAY(SELECT serial FROM units))
        )
        SELECT 'edge' AS kind, row_number() OVER (ORDER BY depth, bound_at NULLS LAST, id) AS ord,
               unit_serial AS serial, id, part_number, component_serial, lot, supplier, quantity,
               position, site, line, station, bound_at AS at, unbound_at AS until, unbind_reason,
               correction_id, NULL::text AS revision, NULL::text AS run_id, NULL::text AS status,
               NULL::text AS status_reason, NULL::text AS shift, NULL::text AS type,
               NULL::text AS result, NULL::text AS failure_code, NULL::bigint AS cycle_time_ms,
               NULL::text AS process_values
          FROM edges
        UNION ALL
        SELECT 'unit', 0, serial, NULL, part_number, NULL, NULL, NULL, NULL, NULL, site, line,
               station, serialized_at, NULL, NULL, NULL, revision, run_id, status, status_reason,
               NULL, NULL, NULL, NULL, NULL, NULL
          FROM units
        UNION ALL
        SELECT 'run', 0, run_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, site, line, NULL,
               started_at, ended_at, NULL, NULL, NULL, NULL, NULL, NULL, shift, NULL, NULL, NULL,
               NULL, NULL
          FROM runs
        UNION ALL
        SELECT 'event', row_number() OVER (ORDER BY time, station), unit_serial, NULL, NULL, NULL,
               NULL, NULL, NULL, NULL, site, line, station, time, NULL, NULL, NULL, NULL, NULL,
               NULL, NULL, NULL, type, result, failure_code, cycle_time_ms, process_values::text
          FROM events
         ORDER BY kind, ord
        """,
        Map.of("serial", serial, "maxDepth", MAX_DEPTH),
        this::tree);
  }

  /** A unit's columns of the current row; its serial and time are read by the caller. */
  private static UnitRow unitRow(ResultSet rs, String serial, OffsetDateTime serializedAt)
      throws SQLException {
    return new UnitRow(
        serial,
        rs.getString("part_number"),
        rs.getString("revision"),
        rs.getString("run_id"),
        rs.getString("site"),
        rs.getString("line"),
        rs.getString("station"),
        rs.getString("status"),
        rs.getString("status_reason"),
        serializedAt);
  }

  private Tree tree(ResultSet rs) throws SQLException {
    Tree tree = new Tree(new ArrayList<>(), new HashMap<>(), new HashMap<>(), new HashMap<>());
    while (rs.next()) {
      String serial = rs.getString("serial");
      OffsetDateTime at = rs.getObject("at", OffsetDateTime.class);
      switch (rs.getString("kind")) {
        case "edge" -> tree.edges().add(new Edge(serial, component(rs)));
        case "unit" -> tree.units().put(serial, unitRow(rs, serial, at));
        case "run" ->
            tree.runs()
                .put(
                    serial,
                    new GenealogyNode.Run(
                        serial,
                        rs.getString("site"),
                        rs.getString("line"),
                        rs.getString("shift"),
                        at,
                        rs.getObject("until", OffsetDateTime.class)));
        case "event" -> {
          String values = rs.getString("process_values");
          tree.stationEvents()
              .computeIfAbsent(serial, k -> new ArrayList<>())
              .add(
                  new GenealogyNode.StationEvent(
                      at,
                      rs.getString("site"),
                      rs.getString("line"),
                      rs.getString("station"),
                      rs.getString("type"),
                      rs.getString("result"),
                      rs.getString("failure_code"),
                      (Long) rs.getObject("cycle_time_ms"),
                      values == null ? null : readJson(values)));
        }
        default -> throw new SQLException("unknown kind of genealogy row " + rs.getString("kind"));
      }
    }
    return tree;
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
        rs.getObject("at", OffsetDateTime.class),
        rs.getObject("until", OffsetDateTime.class),
        rs.getString("unbind_reason"),
        (Long) rs.getObject("correction_id"),
        null);
  }

  private com.fasterxml.jackson.databind.JsonNode readJson(String text) {
    try {
      return json.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
