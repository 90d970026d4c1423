package org.unitrace.core.epcis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A shipment as a trading partner sees it in EPCIS 2.0: the units' commissioning (when the partner
 * may see it), their aggregation into packages (the SSCC as parent) and one shipping ObjectEvent
 * with source and destination. The same events go to a partner's capture interface and answer its
 * queries; their eventIDs are stable, so a partner recognises an event it already has.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class ShipmentEpcis {

  private final JdbcClient jdbc;
  private final EpcisEvents events;
  private final ObjectMapper json;

  /** The shipment's header, as the events need it. */
  public record Shipment(
      long id,
      String reference,
      String shipToCustomer,
      String shipToLocation,
      Instant shippedAt,
      Instant recordedAt) {}

  private record Unit(String serial, Long packageId, String fromLocation) {}

  private record Package(long id, String reference, String sscc) {}

  public Optional<Shipment> find(long id) {
    return jdbc.sql(
            """
            SELECT id, reference, ship_to_customer, ship_to_location, shipped_at, recorded_at
              FROM shipment WHERE id = ?
            """)
        .param(id)
        .query(
            (rs, i) ->
                new Shipment(
                    rs.getLong("id"),
                    rs.getString("reference"),
                    rs.getString("ship_to_customer"),
                    rs.getString("ship_to_location"),
                    rs.getTimestamp("shipped_at").toInstant(),
                    rs.getTimestamp("recorded_at").toInstant()))
        .optional();
  }

  /**
   * The shipment's events in a fixed order (commissioning by serial, packages by reference, the
   * shipping event last), so a position in the list names the same event every time.
   */
  public List<ObjectNode> events(Shipment s, boolean commissioning) {
    List<Unit> units =
        jdbc.sql(
                "SELECT serial, package_id, from_location FROM shipment_unit"
                    + " WHERE shipment_id = ? ORDER BY serial")
            .param(s.id())
            .query(
                (rs, i) ->
                    new Unit(
                        rs.getString("serial"),
                        (Long) rs.getObject("package_id", Long.class),
                        rs.getString("from_location")))
            .list();
    Map<Long, Package> packages = new LinkedHashMap<>();
    jdbc.sql(
            "SELECT id, reference, sscc FROM shipment_package WHERE shipment_id = ?"
                + " ORDER BY reference")
        .param(s.id())
        .query(
            (rs, i) ->
                new Package(rs.getLong("id"), rs.getString("reference"), rs.getString("sscc")))
        .list()
        .forEach(p -> packages.put(p.id(), p));
    List<ObjectNode> out = new ArrayList<>();
    if (commissioning) {
      for (Unit u : units) {
        out.addAll(
            events.find(
                new EpcisQuery(u.serial(), null, null, null, null, null, "commissioning", 10)));
      }
    }
    String from = commonOrigin(units);
    String readPoint = from == null ? null : Urns.location(from);
    List<String> shipped = new ArrayList<>();
    for (Package p : packages.values()) {
      String parent = parent(s, p);
      ObjectNode e = event("AggregationEvent", id("packing", s.id(), p.reference()), s, readPoint);
      e.put("parentID", parent);
      ArrayNode children = e.putArray("childEPCs");
      units.stream()
          .filter(u -> Objects.equals(u.packageId(), p.id()))
          .forEach(u -> children.add(Urns.unit(u.serial())));
      e.put("action", "ADD");
      e.put("bizStep", "packing");
      e.put("disposition", "in_progress");
      out.add(e);
      shipped.add(parent);
    }
    units.stream()
        .filter(u -> u.packageId() == null)
        .forEach(u -> shipped.add(Urns.unit(u.serial())));
    ObjectNode ship = event("ObjectEvent", id("shipping", s.id(), ""), s, readPoint);
    ArrayNode epcs = ship.putArray("epcList");
    shipped.forEach(epcs::add);
    ship.put("action", "OBSERVE");
    ship.put("bizStep", "shipping");
    ship.put("disposition", "in_transit");
    ship.putArray("bizTransactionList")
        .addObject()
        .put("type", "desadv")
        .put("bizTransaction", "urn:unitrace:shipment:" + s.id());
    if (from != null) {
      ship.putArray("sourceList")
          .addObject()
          .put("type", "location")
          .put("source", Urns.location(from));
    }
    ObjectNode to = ship.putArray("destinationList").addObject();
    if (s.shipToCustomer() != null) {
      to.put("type", "owning_party")
          .put("destination", "urn:unitrace:customer:" + Urns.encode(s.shipToCustomer()));
    } else {
      to.put("type", "location").put("destination", Urns.location(s.shipToLocation()));
    }
    out.add(ship);
    return out;
  }

  /** An EPCISDocument holding {@code eventList}, to capture. */
  public ObjectNode document(List<ObjectNode> eventList) {
    ObjectNode doc = header("EPCISDocument");
    doc.putObject("epcisBody").putArray("eventList").addAll(eventList);
    return doc;
  }

  /** An EPCISQueryDocument answering the named query with {@code eventList}. */
  public ObjectNode queryDocument(String queryName, List<ObjectNode> eventList) {
    ObjectNode doc = header("EPCISQueryDocument");
    ObjectNode results = doc.putObject("epcisBody").putObject("queryResults");
    results.put("queryName", queryName);
    results.putObject("resultsBody").putArray("eventList").addAll(eventList);
    return doc;
  }

  private ObjectNode header(String type) {
    ObjectNode doc = json.createObjectNode();
    doc.putArray("@context").add(EpcisController.CONTEXT);
    doc.put("type", type);
    doc.put("schemaVersion", "2.0");
    doc.put("creationDate", Instant.now(Clock.systemUTC()).toString());
    return doc;
  }

  /**
   * An SSCC as its GS1 Digital Link URI (EPCIS 2.0 accepts it, and it needs no company prefix
   * length); a package without one gets a plant URN.
   */
  private static String parent(Shipment s, Package p) {
    return p.sscc() != null
        ? "https://id.gs1.org/00/" + p.sscc()
        : "urn:unitrace:package:" + s.id() + ":" + Urns.encode(p.reference());
  }

  /** The one location every unit left from, or null when they left from several or none. */
  private static String commonOrigin(List<Unit> units) {
    List<String> origins = units.stream().map(Unit::fromLocation).distinct().toList();
    return origins.size() == 1 ? origins.get(0) : null;
  }

  private ObjectNode event(String type, String id, Shipment s, String readPoint) {
    ObjectNode e = json.createObjectNode();
    e.put("type", type);
    e.put("eventID", id);
    e.put("eventTime", s.shippedAt().toString());
    e.put("eventTimeZoneOffset", "+00:00");
    if (readPoint != null) {
      e.putObject("readPoint").put("id", readPoint);
    }
    return e;
  }

  private static String id(String step, long shipment, String part) {
    return "urn:uuid:"
        + UUID.nameUUIDFromBytes(
            ("partner:" + step + ":" + shipment + ":" + part).getBytes(StandardCharsets.UTF_8));
  }
}
