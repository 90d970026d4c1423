package org.unitrace.core.location;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Units' places, read and changed in bulk: one statement for a thousand serials as for one. Callers
 * run inside their own transaction and lock first ({@link #lock}), so two desks cannot move the
 * same unit at once.
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class Stock {

  private final JdbcClient jdbc;

  /**
   * Locks the known units among {@code serials}, in serial order, and answers the state of every
   * one asked, in one statement, planned for the serials at hand: once the driver prepares the
   * statement, PostgreSQL may keep a generic plan made for a few serials, and for 10,000 that plan
   * compared every unit with every serial, or every serial with every open hold (1-2 s). Only this
   * statement: the writes after it keep their cached plans (planned per call they were slower).
   */
  public Map<String, UnitState> lock(Collection<String> serials) {
    String[] array = serials.stream().distinct().sorted().toArray(String[]::new);
    Map<String, UnitState> states = new LinkedHashMap<>();
    jdbc.sql("SET LOCAL plan_cache_mode = force_custom_plan").update();
    jdbc.sql(
            """
            WITH locked AS MATERIALIZED (
              SELECT u.serial, u.part_number, u.revision, u.status
                FROM unnest(?::text[]) AS a(serial) JOIN unit u ON u.serial = a.serial
               ORDER BY u.serial FOR UPDATE OF u
            )
            SELECT s.serial, u.serial IS NOT NULL AS known, u.part_number, u.revision, u.status,
                   h.id AS hold_id, h.reason AS hold_reason,
                   p.location, p.shipment_id, p.customer, p.since
              FROM unnest(?::text[]) AS s(serial)
              LEFT JOIN locked u ON u.serial = s.serial
              LEFT JOIN unit_hold h ON h.unit_serial = s.serial AND h.released_at IS NULL
              LEFT JOIN unit_place p ON p.serial = s.serial
            """)
        .params(array, array)
        .query(
            (rs, i) ->
                new UnitState(
                    rs.getString("serial"),
                    rs.getBoolean("known"),
                    rs.getString("part_number"),
                    rs.getString("revision"),
                    rs.getString("status"),
                    (Long) rs.getObject("hold_id"),
                    rs.getString("hold_reason"),
                    rs.getObject("since") == null
                        ? null
                        : new Place(
                            rs.getString("location"),
                            (Long) rs.getObject("shipment_id"),
                            rs.getString("customer"),
                            rs.getObject("since", OffsetDateTime.class))))
        .list()
        .forEach(s -> states.put(s.serial(), s));
    jdbc.sql("RESET plan_cache_mode").update();
    return states;
  }

  /**
   * Puts the units at {@code to} (a location, a shipment or a customer: exactly one set): one
   * {@code UPDATE} for those that have a place (all of them, usually), an insert for the others.
   */
  public void move(Collection<String> serials, Place to, Instant at) {
    jdbc.sql(
            """
            WITH moved AS (
              UPDATE unit_place p
                 SET location = :location, shipment_id = :shipmentId, customer = :customer,
                     since = :since
                FROM unnest(:serials::text[]) AS s(serial)
               WHERE p.serial = s.serial
              RETURNING p.serial
            )
            INSERT INTO unit_place (serial, location, shipment_id, customer, since)
            SELECT s.serial, :location, :shipmentId, :customer, :since
              FROM unnest(:serials::text[]) AS s(serial)
             WHERE s.serial NOT IN (SELECT serial FROM moved)
            ON CONFLICT (serial) DO UPDATE
               SET location = excluded.location, shipment_id = excluded.shipment_id,
                   customer = excluded.customer, since = excluded.since
            """)
        .param("location", to.location())
        .param("shipmentId", to.shipmentId())
        .param("customer", to.customer())
        .param("since", Timestamp.from(at))
        .param("serials", serials.toArray(String[]::new))
        .update();
  }

  /** The current place of a unit, if it has one. */
  public java.util.Optional<Place> placeOf(String serial) {
    return jdbc.sql(
            "SELECT location, shipment_id, customer, since FROM unit_place WHERE serial = ?")
        .param(serial)
        .query(Place.class)
        .optional();
  }
}
