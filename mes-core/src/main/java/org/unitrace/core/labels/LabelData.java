package org.unitrace.core.labels;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.unitrace.core.system.NotFoundException;
import org.unitrace.line.gs1.DigitalLink;

/** What goes on a label, read from the units, products and shipments: placeholder name to value. */
@Component
class LabelData {

  private final JdbcClient jdbc;
  private final String digitalLinkDomain;

  LabelData(JdbcClient jdbc, LabelProperties properties) {
    this.jdbc = jdbc;
    this.digitalLinkDomain = properties.digitalLinkDomain();
  }

  /** A unit's values, and its product's family (which picks the template). */
  record Values(String family, Map<String, String> values) {}

  Values unit(String serial) {
    return jdbc.sql(
            """
            SELECT u.serial, u.part_number, u.revision, u.site, u.line,
                   coalesce(u.serialized_at, u.created_at) AS made,
                   p.name, p.gtin, p.family
              FROM unit u LEFT JOIN product p ON p.part_number = u.part_number
             WHERE u.serial = ?
            """)
        .param(serial)
        .query((rs, i) -> unitValues(rs))
        .optional()
        .orElseThrow(() -> new NotFoundException("unit", serial));
  }

  private Values unitValues(ResultSet rs) throws SQLException {
    String serial = rs.getString("serial");
    String gtin = rs.getString("gtin");
    Map<String, String> v = new HashMap<>();
    v.put("serial", serial);
    v.put("gtin", gtin);
    v.put("partNumber", rs.getString("part_number"));
    v.put("revision", rs.getString("revision"));
    v.put("productName", rs.getString("name"));
    v.put("family", rs.getString("family"));
    v.put("site", rs.getString("site"));
    v.put("line", rs.getString("line"));
    v.put(
        "madeAt",
        String.join(
            " ",
            java.util.stream.Stream.of(rs.getString("site"), rs.getString("line"))
                .filter(s -> s != null && !s.isBlank())
                .toList()));
    OffsetDateTime made = rs.getObject("made", OffsetDateTime.class);
    v.put(
        "madeOn",
        made == null ? null : made.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate().toString());
    if (gtin != null) {
      v.put("dataMatrix", FieldData.FNC1 + "01" + gtin + "21" + serial);
      v.put("gs1HumanReadable", "(01)" + gtin + "(21)" + serial);
      v.put("digitalLink", digitalLink(gtin, serial));
    } else {
      v.put("dataMatrix", serial);
      v.put("gs1HumanReadable", serial);
    }
    return new Values(rs.getString("family"), v);
  }

  /** The unit's GS1 Digital Link URI (01 GTIN / 21 serial) under the configured resolver. */
  private String digitalLink(String gtin, String serial) {
    return DigitalLink.of(gtin, serial).withDomain(digitalLinkDomain).uri();
  }

  /** The newest package with that SSCC, with its shipment and ship-to. */
  Map<String, String> packageBySscc(String sscc) {
    return packages("p.sscc = ?", sscc).stream()
        .findFirst()
        .orElseThrow(() -> new NotFoundException("package with SSCC", sscc));
  }

  /** Every package of a shipment, in the order they were packed. */
  List<Map<String, String>> packagesOf(long shipmentId) {
    return packages("p.shipment_id = ?", shipmentId);
  }

  /** A shipment's packages that have no SSCC (no shipping label can be printed for them). */
  List<String> packagesWithoutSscc(long shipmentId) {
    return jdbc.sql(
            "SELECT reference FROM shipment_package WHERE shipment_id = ? AND sscc IS NULL ORDER BY id")
        .param(shipmentId)
        .query(String.class)
        .list();
  }

  boolean shipmentExists(long id) {
    return jdbc.sql("SELECT count(*) FROM shipment WHERE id = ?")
            .param(id)
            .query(Long.class)
            .single()
        > 0;
  }

  private List<Map<String, String>> packages(String where, Object key) {
    return jdbc.sql(
            """
            SELECT p.id, p.reference, p.kind, p.sscc, s.id AS shipment_id,
                   s.reference AS shipment_reference, s.carrier, s.tracking_ref, s.shipped_at,
                   coalesce(s.ship_to_customer, s.ship_to_location) AS ship_to,
                   coalesce(c.name, l.name, l.code) AS ship_to_name,
                   a.street, a.city, a.postal_code, a.country,
                   (SELECT count(*) FROM shipment_unit u WHERE u.package_id = p.id) AS unit_count,
                   (SELECT count(*) FROM shipment_package q WHERE q.shipment_id = s.id)
                     AS package_count,
                   (SELECT count(*) FROM shipment_package q
                     WHERE q.shipment_id = s.id AND q.id <= p.id) AS package_number
              FROM shipment_package p
              JOIN shipment s ON s.id = p.shipment_id
              LEFT JOIN customer c ON c.reference = s.ship_to_customer
              LEFT JOIN location l ON l.code = s.ship_to_location
              LEFT JOIN LATERAL (
                SELECT street, city, postal_code, country FROM customer_address ca
                 WHERE ca.customer = s.ship_to_customer
                 ORDER BY lower(ca.label) IN ('delivery', 'shipping', 'ship-to', 'ship to') DESC,
                          ca.id
                 LIMIT 1) a ON true
             WHERE %s AND p.sscc IS NOT NULL
             ORDER BY p.id %s
            """
                .formatted(where, key instanceof String ? "DESC" : "ASC"))
        .param(key)
        .query((rs, i) -> packageValues(rs))
        .list();
  }

  private static Map<String, String> packageValues(ResultSet rs) throws SQLException {
    String sscc = rs.getString("sscc");
    Map<String, String> v = new HashMap<>();
    v.put("sscc", sscc);
    v.put("ssccHumanReadable", "(00)" + sscc);
    v.put("shipTo.reference", rs.getString("ship_to"));
    v.put("shipTo.name", rs.getString("ship_to_name"));
    v.put("shipTo.street", rs.getString("street"));
    v.put("shipTo.postalCode", rs.getString("postal_code"));
    v.put("shipTo.city", rs.getString("city"));
    v.put("shipTo.country", rs.getString("country"));
    String id = String.valueOf(rs.getLong("shipment_id"));
    v.put("shipment.id", id);
    String reference = rs.getString("shipment_reference");
    v.put("shipment.reference", reference == null ? id : reference);
    OffsetDateTime shipped = rs.getObject("shipped_at", OffsetDateTime.class);
    v.put(
        "shipment.shippedOn",
        shipped == null
            ? null
            : shipped.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate().toString());
    v.put("carrier", rs.getString("carrier"));
    v.put("trackingRef", rs.getString("tracking_ref"));
    v.put("package.reference", rs.getString("reference"));
    v.put("package.kind", rs.getString("kind"));
    v.put("package.number", String.valueOf(rs.getLong("package_number")));
    v.put("package.count", String.valueOf(rs.getLong("package_count")));
    v.put("package.unitCount", String.valueOf(rs.getLong("unit_count")));
    return v;
  }
}
