package org.unitrace.core.shipment;

import java.time.OffsetDateTime;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.unitrace.core.system.NotFoundException;

/** Shipments as answered and exported: the header, and each unit with its package. */
@Component
@RequiredArgsConstructor
class ShipmentViews {

  private final JdbcClient jdbc;

  record PackedUnit(String serial, String packageRef, String packageKind, String sscc) {

    static final RowMapper<PackedUnit> ROW =
        (rs, i) ->
            new PackedUnit(
                rs.getString("serial"),
                rs.getString("package_ref"),
                rs.getString("package_kind"),
                rs.getString("sscc"));
  }

  record Shipment(
      long id,
      String reference,
      String shipToCustomer,
      String shipToLocation,
      String carrier,
      String trackingRef,
      OffsetDateTime shippedAt,
      String shippedBy,
      OffsetDateTime receivedAt,
      String receivedBy,
      String receivedLocation,
      int unitCount,
      List<PackedUnit> units) {

    /** A shipment's header columns, as {@link #HEADER} reads them. */
    static final String COLUMNS =
        """
        id, reference, ship_to_customer, ship_to_location, carrier, tracking_ref, shipped_at,
        shipped_by, received_at, received_by, received_location""";

    /** The header of {@link #COLUMNS} and a {@code unit_count}, without the units. */
    static final RowMapper<Shipment> HEADER =
        (rs, i) ->
            new Shipment(
                rs.getLong("id"),
                rs.getString("reference"),
                rs.getString("ship_to_customer"),
                rs.getString("ship_to_location"),
                rs.getString("carrier"),
                rs.getString("tracking_ref"),
                rs.getObject("shipped_at", OffsetDateTime.class),
                rs.getString("shipped_by"),
                rs.getObject("received_at", OffsetDateTime.class),
                rs.getString("received_by"),
                rs.getString("received_location"),
                rs.getInt("unit_count"),
                null);

    /** This header with its units, counted. */
    Shipment withUnits(List<PackedUnit> packed) {
      return with(packed.size(), packed);
    }

    /** This shipment's header and unit count, without the units. */
    Shipment withoutUnits() {
      return with(unitCount, null);
    }

    private Shipment with(int count, List<PackedUnit> packed) {
      return new Shipment(
          id,
          reference,
          shipToCustomer,
          shipToLocation,
          carrier,
          trackingRef,
          shippedAt,
          shippedBy,
          receivedAt,
          receivedBy,
          receivedLocation,
          count,
          packed);
    }
  }

  /** The header and the unit count, without the units. */
  Shipment summary(long id) {
    return jdbc.sql(
            "SELECT "
                + Shipment.COLUMNS
                + """
                ,
                       (SELECT count(*) FROM shipment_unit u WHERE u.shipment_id = s.id) AS unit_count
                  FROM shipment s WHERE id = ?
                """)
        .param(id)
        .query(Shipment.HEADER)
        .optional()
        .orElseThrow(() -> new NotFoundException("shipment", String.valueOf(id)));
  }

  Shipment find(long id) {
    Shipment s = summary(id);
    List<PackedUnit> units =
        jdbc.sql(
                """
                SELECT u.serial, p.reference AS package_ref, p.kind AS package_kind, p.sscc
                  FROM shipment_unit u LEFT JOIN shipment_package p ON p.id = u.package_id
                 WHERE u.shipment_id = ? ORDER BY p.reference NULLS FIRST, u.serial
                """)
            .param(id)
            .query(PackedUnit.ROW)
            .list();
    return s.withUnits(units);
  }
}
