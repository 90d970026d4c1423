package org.unitrace.core.genealogy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
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

  /** The runs of these ids, by id. */
  Map<String, GenealogyNode.Run> runs(Collection<String> runIds) {
    return jdbc
        .sql(
            """
            SELECT run_id, site, line, shift, started_at, ended_at
              FROM production_run WHERE run_id = ANY (:ids)
            """)
        .param("ids", runIds.toArray(String[]::new))
        .query(
            (rs, i) ->
                new GenealogyNode.Run(
                    rs.getString("run_id"),
                    rs.getString("site"),
                    rs.getString("line"),
                    rs.getString("shift"),
                    rs.getObject("started_at", OffsetDateTime.class),
                    rs.getObject("ended_at", OffsetDateTime.class)))
        .list()
        .stream()
        .collect(Collectors.toMap(GenealogyNode.Run::runId, Function.identity()));
  }

  /** What the stations recorded about these units, per unit, oldest first. */
  Map<String, List<GenealogyNode.StationEvent>> stationEvents(Collection<String> serials) {
    Map<String, List<GenealogyNode.StationEvent>> byUnit = new java.util.HashMap<>();
    jdbc.sql(
            """
            SELECT unit_serial, time, site, line, station, type, result, failure_code,
                   cycle_time_ms, process_values::text AS process_values
              FROM station_event WHERE unit_serial = ANY (:serials)
             ORDER BY time, station
            """)
        .param("serials", serials.toArray(String[]::new))
        .query(
            rs -> {
              String values = rs.getString("process_values");
              byUnit
                  .computeIfAbsent(rs.getString("unit_serial"), k -> new java.util.ArrayList<>())
                  .add(
                      new GenealogyNode.StationEvent(
                          rs.getObject("time", OffsetDateTime.class),
                          rs.getString("site"),
                          rs.getString("line"),
                          rs.getString("station"),
                          rs.getString("type"),
                          rs.getString("result"),
                          rs.getString("failure_code"),
                          (Long) rs.getObject("cycle_time_ms"),
                          values == null ? null : readJson(values)));
            });
    return byUnit;
  }

  private com.fasterxml.jackson.databind.JsonNode readJson(String text) {
    try {
      return json.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
