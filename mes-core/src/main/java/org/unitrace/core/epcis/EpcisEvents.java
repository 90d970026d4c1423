package org.unitrace.core.epcis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Derives EPCIS 2.0 events from the ledger (marking, binding, unbinding, station results) and from
 * the shipment tables (shipping, receiving). Each ledger event keeps its id as the EPCIS eventID
 * ({@code urn:uuid:...}), so a partner can correlate an EPCIS event with our ledger. Units and lots
 * of products with a GTIN are SGTINs and LGTINs ({@link Urns}).
 */
@Repository
@RequiredArgsConstructor
class EpcisEvents {

  /** Which ledger event types carry which CBV business step. */
  private static final Map<String, String> LEDGER_STEPS =
      Map.of(
          "commissioning", "UnitSerialized",
          "assembling", "ComponentBound",
          "repairing", "ComponentUnbound",
          "inspecting", "StationResult");

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;

  boolean unitExists(String serial) {
    Integer n =
        jdbc.queryForObject("SELECT count(*) FROM unit WHERE serial = ?", Integer.class, serial);
    return n != null && n > 0;
  }

  /** The matching events in time order, at most {@code query.limit()} of them. */
  List<ObjectNode> find(EpcisQuery query) {
    List<Timed> events = new ArrayList<>(ledger(query));
    events.addAll(shipments(query));
    events.sort(Comparator.comparing(Timed::at));
    List<ObjectNode> found = events.stream().limit(query.limit()).map(Timed::event).toList();
    Gs1Identifiers.apply(jdbc, found);
    return found;
  }

  private record Timed(Instant at, ObjectNode event) {}

  private List<Timed> ledger(EpcisQuery q) {
    List<String> types =
        q.bizStep() == null
            ? List.copyOf(LEDGER_STEPS.values())
            : LEDGER_STEPS.containsKey(q.bizStep())
                ? List.of(LEDGER_STEPS.get(q.bizStep()))
                : List.of();
    if (types.isEmpty()) {
      return List.of();
    }
    StringBuilder sql =
        new StringBuilder(
            "SELECT event_id, type, occurred_at, site, line, station, unit_serial, payload::text"
                + " AS payload FROM event WHERE type = ANY (?::text[])");
    List<Object> args = new ArrayList<>();
    args.add(types.toArray(String[]::new));
    if (q.serial() != null) {
      sql.append(" AND (unit_serial = ? OR component_serial = ?)");
      args.add(q.serial());
      args.add(q.serial());
    }
    if (q.lot() != null) {
      sql.append(" AND payload ->> 'lot' = ?");
      args.add(q.lot());
    }
    if (q.site() != null) {
      sql.append(" AND site = ?");
      args.add(q.site());
    }
    if (q.line() != null) {
      sql.append(" AND line = ?");
      args.add(q.line());
    }
    if (q.from() != null) {
      sql.append(" AND occurred_at >= ?");
      args.add(Timestamp.from(q.from()));
    }
    if (q.to() != null) {
      sql.append(" AND occurred_at < ?");
      args.add(Timestamp.from(q.to()));
    }
    sql.append(" ORDER BY occurred_at, event_id LIMIT ?");
    args.add(q.limit());
    return jdbc.query(sql.toString(), (rs, i) -> fromLedger(rs), args.toArray());
  }

  private Timed fromLedger(ResultSet rs) throws SQLException {
    Instant at = rs.getTimestamp("occurred_at").toInstant();
    JsonNode p = parse(rs.getString("payload"));
    String type = rs.getString("type");
    ObjectNode e =
        common(
            "ObjectEvent",
            "urn:uuid:" + rs.getObject("event_id", UUID.class),
            at,
            Urns.station(rs.getString("site"), rs.getString("line"), rs.getString("station")),
            Urns.line(rs.getString("site"), rs.getString("line")));
    switch (type) {
      case "UnitSerialized" -> {
        e.putArray("epcList").add(Urns.unit(p.path("serial").asText()));
        e.put("action", "ADD");
        e.put("bizStep", "commissioning");
        e.put("disposition", "active");
      }
      case "StationResult" -> {
        e.putArray("epcList").add(Urns.unit(p.path("unitSerial").asText()));
        e.put("action", "OBSERVE");
        e.put("bizStep", "inspecting");
        e.put(
            "disposition",
            "OK".equals(p.path("result").asText()) ? "conformant" : "non_conformant");
      }
      case "ComponentBound" -> {
        e.put("type", "TransformationEvent");
        input(e, p, "inputEPCList", "inputQuantityList");
        e.putArray("outputEPCList").add(Urns.unit(p.path("unitSerial").asText()));
        e.put("bizStep", "assembling");
        e.put("disposition", "in_progress");
      }
      case "ComponentUnbound" -> {
        e.putArray("epcList").add(Urns.unit(p.path("unitSerial").asText()));
        input(e, p, "epcList", "quantityList");
        e.put("action", "OBSERVE");
        e.put("bizStep", "repairing");
        e.put("disposition", "in_progress");
      }
      default -> throw new IllegalStateException("no EPCIS mapping for ledger event type " + type);
    }
    return new Timed(at, e);
  }

  /** The component of a binding: its serial in {@code epcs}, or its lot in {@code quantities}. */
  private void input(ObjectNode e, JsonNode p, String epcs, String quantities) {
    String serial = p.path("componentSerial").asText(null);
    if (serial != null) {
      ArrayNode list = e.has(epcs) ? (ArrayNode) e.get(epcs) : e.putArray(epcs);
      list.add(Urns.unit(serial));
      return;
    }
    ObjectNode q = e.putArray(quantities).addObject();
    q.put("epcClass", Urns.lot(p.path("partNumber").asText(), p.path("lot").asText()));
    if (p.hasNonNull("quantity")) {
      q.set("quantity", p.get("quantity"));
    }
  }

  private List<Timed> shipments(EpcisQuery q) {
    boolean ship = q.bizStep() == null || "shipping".equals(q.bizStep());
    boolean receive = q.bizStep() == null || "receiving".equals(q.bizStep());
    if ((!ship && !receive) || q.lot() != null || q.site() != null || q.line() != null) {
      return List.of();
    }
    StringBuilder sql =
        new StringBuilder(
            "SELECT s.id, u.serial, s.shipped_at, s.received_at, s.received_location,"
                + " s.ship_to_location, u.from_location FROM shipment s"
                + " JOIN shipment_unit u ON u.shipment_id = s.id WHERE true");
    List<Object> args = new ArrayList<>();
    if (q.serial() != null) {
      sql.append(" AND u.serial = ?");
      args.add(q.serial());
    }
    sql.append(" ORDER BY s.shipped_at, s.id, u.serial LIMIT ?");
    args.add(q.limit());
    List<Timed> out = new ArrayList<>();
    jdbc.query(
        sql.toString(),
        rs -> {
          long id = rs.getLong("id");
          String serial = rs.getString("serial");
          Instant shipped = rs.getTimestamp("shipped_at").toInstant();
          if (ship && within(q, shipped)) {
            String from = rs.getString("from_location");
            ObjectNode e =
                common(
                    "ObjectEvent",
                    nameBasedId("shipping", id, serial),
                    shipped,
                    from == null ? null : Urns.location(from),
                    null);
            shipped(e, serial, "shipping", "in_transit");
            out.add(new Timed(shipped, e));
          }
          Timestamp received = rs.getTimestamp("received_at");
          if (receive && received != null && within(q, received.toInstant())) {
            String at = rs.getString("received_location");
            if (at == null) {
              at = rs.getString("ship_to_location");
            }
            String place = at == null ? null : Urns.location(at);
            ObjectNode e =
                common(
                    "ObjectEvent",
                    nameBasedId("receiving", id, serial),
                    received.toInstant(),
                    place,
                    place);
            shipped(e, serial, "receiving", "in_progress");
            out.add(new Timed(received.toInstant(), e));
          }
        },
        args.toArray());
    return out;
  }

  private static void shipped(ObjectNode e, String serial, String step, String disposition) {
    e.putArray("epcList").add(Urns.unit(serial));
    e.put("action", "OBSERVE");
    e.put("bizStep", step);
    e.put("disposition", disposition);
  }

  private static boolean within(EpcisQuery q, Instant at) {
    return (q.from() == null || !at.isBefore(q.from())) && (q.to() == null || at.isBefore(q.to()));
  }

  /** Shipments are rows, not ledger events: a stable id from the shipment and the serial. */
  private static String nameBasedId(String step, long shipment, String serial) {
    return "urn:uuid:"
        + UUID.nameUUIDFromBytes(
            (step + ":" + shipment + ":" + serial).getBytes(StandardCharsets.UTF_8));
  }

  private ObjectNode common(
      String type, String id, Instant at, String readPoint, String bizLocation) {
    ObjectNode e = json.createObjectNode();
    e.put("type", type);
    e.put("eventID", id);
    e.put("eventTime", at.toString());
    e.put("eventTimeZoneOffset", "+00:00");
    if (readPoint != null) {
      e.putObject("readPoint").put("id", readPoint);
    }
    if (bizLocation != null) {
      e.putObject("bizLocation").put("id", bizLocation);
    }
    return e;
  }

  private JsonNode parse(String payload) {
    try {
      return json.readTree(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a ledger payload is not JSON: " + e.getMessage(), e);
    }
  }
}
