package org.unitrace.core.quality;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.unitrace.core.genealogy.WhereUsedView;
import org.unitrace.core.system.RecordRows;

/**
 * A campaign's units as they were when it was made: where each top-level unit was (on its line, in
 * stock, on a shipment, at a customer, scrapped) and who had it, written in one statement however
 * many units the trace found. A unit inside another carries the state of the top-level unit that
 * holds it: it is recalled with it.
 */
@Repository
@RequiredArgsConstructor
class CampaignUnits {

  /** One affected unit: its state at creation, the campaign's hold on it, its progress. */
  record CampaignUnit(
      String unitSerial,
      int depth,
      boolean topLevel,
      String withinSerial,
      String partNumber,
      String state,
      String site,
      String line,
      String station,
      String location,
      Long shipmentId,
      OffsetDateTime shippedAt,
      String customer,
      LocalDate soldOn,
      LocalDate warrantyUntil,
      Long holdId,
      boolean onHold,
      String status,
      String step,
      OffsetDateTime stepAt) {}

  private static final String MATERIALIZE =
      """
      WITH RECURSIVE given AS (
        SELECT * FROM unnest(:serials::text[], :depths::int[], :tops::boolean[])
                   AS g(serial, depth, top_level)
      ), up AS (
        -- up the current bindings from each unit; a carrier with no current binding of its own
        -- ends its walk as a top row (one probe of the component index per carrier, which tells
        -- both where to go on and whether to stop)
        SELECT g.serial AS unit_serial, g.serial AS carrier, ARRAY[g.serial] AS path, 0 AS hops,
               false AS top
          FROM given g
        UNION ALL
        SELECT up.unit_serial, coalesce(p.unit_serial, up.carrier),
               CASE WHEN p.unit_serial IS NULL THEN up.path ELSE up.path || p.unit_serial END,
               up.hops + CASE WHEN p.unit_serial IS NULL THEN 0 ELSE 1 END, p.unit_serial IS NULL
          FROM up LEFT JOIN unit_component p
            ON p.component_serial = up.carrier AND p.bound_at IS NOT NULL AND p.unbound_at IS NULL
         WHERE NOT up.top
           AND (p.unit_serial IS NULL OR (NOT p.unit_serial = ANY (up.path) AND up.hops < 50))
      ), carrier AS (
        SELECT DISTINCT ON (unit_serial) unit_serial, carrier FROM up WHERE top
         ORDER BY unit_serial, hops, carrier
      )
      INSERT INTO recall_unit (recall_id, unit_serial, depth, top_level, within_serial,
                               part_number, state, site, line, station, location, shipment_id,
                               shipped_at, customer, sold_on, warranty_until)
      SELECT :recallId, g.serial, g.depth, g.top_level, nullif(c.carrier, g.serial),
             self.part_number,
             CASE WHEN u.status = 'SCRAPPED' THEN 'SCRAPPED'
                  WHEN s.id IS NOT NULL THEN 'SOLD'
                  WHEN p.location IS NOT NULL THEN 'STOCK'
                  WHEN p.shipment_id IS NOT NULL OR p.customer IS NOT NULL THEN 'SHIPPED'
                  ELSE 'WIP' END,
             u.site, u.line, seen.station, p.location, sh.id, sh.shipped_at,
             CASE WHEN s.id IS NOT NULL THEN s.customer
                  WHEN p.location IS NULL THEN coalesce(p.customer, sh.ship_to_customer) END,
             s.sold_on,
             (CASE pr.warranty_starts
                WHEN 'SALE' THEN s.sold_on + make_interval(months => pr.warranty_months)
                WHEN 'SHIPMENT' THEN (fs.at AT TIME ZONE 'UTC')::date
                                     + make_interval(months => pr.warranty_months)
              END)::date
        FROM given g
        JOIN carrier c ON c.unit_serial = g.serial
        LEFT JOIN unit self ON self.serial = g.serial
        LEFT JOIN unit u ON u.serial = c.carrier
        LEFT JOIN unit_place p ON p.serial = c.carrier
        LEFT JOIN sale s ON s.serial = c.carrier AND s.ended_at IS NULL
        LEFT JOIN product pr ON pr.part_number = u.part_number
        LEFT JOIN LATERAL (
          SELECT x.id, x.shipped_at, x.ship_to_customer
            FROM shipment_unit su JOIN shipment x ON x.id = su.shipment_id
           WHERE su.serial = c.carrier ORDER BY x.shipped_at DESC, x.id DESC LIMIT 1
        ) sh ON true
        LEFT JOIN LATERAL (
          SELECT min(x.shipped_at) AS at
            FROM shipment_unit su JOIN shipment x ON x.id = su.shipment_id
           WHERE su.serial = c.carrier AND x.ship_to_customer = s.customer
        ) fs ON true
        LEFT JOIN LATERAL (
          -- one probe of the primary key per carrier (LIMIT keeps it one): as a join the planner,
          -- misjudging how many carriers there are, merges with the whole table
          SELECT station FROM unit_last_seen WHERE serial = c.carrier LIMIT 1
        ) seen ON true
      """;

  private static final String SELECT =
      """
      SELECT r.unit_serial, r.depth, r.top_level, r.within_serial, r.part_number, r.state, r.site,
             r.line, r.station, r.location, r.shipment_id, r.shipped_at, r.customer, r.sold_on,
             r.warranty_until, r.hold_id, h.released_at IS NULL AND h.id IS NOT NULL AS on_hold,
             u.status, r.step, r.step_at
        FROM recall_unit r
        LEFT JOIN unit u ON u.serial = r.unit_serial
        LEFT JOIN unit_hold h ON h.id = r.hold_id
      """;

  private final JdbcClient jdbc;

  void materialize(long recallId, List<WhereUsedView.AffectedUnit> affected) {
    if (affected.isEmpty()) {
      return;
    }
    jdbc.sql(MATERIALIZE)
        .param("recallId", recallId)
        .param(
            "serials",
            affected.stream().map(WhereUsedView.AffectedUnit::serial).toArray(String[]::new))
        .param(
            "depths",
            affected.stream().map(WhereUsedView.AffectedUnit::depth).toArray(Integer[]::new))
        .param(
            "tops",
            affected.stream().map(WhereUsedView.AffectedUnit::topLevel).toArray(Boolean[]::new))
        .update();
  }

  /**
   * The top-level units to hold: the ones still ours (on their line, in stock, or sold but not yet
   * shipped: a sale must not make a suspect unit leave), known, and not on hold already.
   */
  List<String> toHold(long recallId) {
    return jdbc.sql(
            """
            SELECT r.unit_serial FROM recall_unit r JOIN unit u ON u.serial = r.unit_serial
             WHERE r.recall_id = ? AND r.top_level
               AND (r.state IN ('WIP', 'STOCK')
                    OR (r.state = 'SOLD' AND (r.location IS NOT NULL OR r.shipment_id IS NULL)))
               AND NOT EXISTS (SELECT 1 FROM unit_hold h
                                WHERE h.unit_serial = r.unit_serial AND h.released_at IS NULL)
             ORDER BY r.unit_serial
            """)
        .param(recallId)
        .query(String.class)
        .list();
  }

  /** Records the campaign's own holds on its units, in one statement. */
  void heldBy(long recallId, List<Holds.Hold> holds) {
    if (holds.isEmpty()) {
      return;
    }
    jdbc.sql(
            """
            UPDATE recall_unit r SET hold_id = h.id
              FROM unnest(:serials::text[], :ids::bigint[]) AS h(serial, id)
             WHERE r.recall_id = :recallId AND r.unit_serial = h.serial
            """)
        .param("serials", holds.stream().map(Holds.Hold::unitSerial).toArray(String[]::new))
        .param("ids", holds.stream().map(Holds.Hold::id).toArray(Long[]::new))
        .param("recallId", recallId)
        .update();
  }

  /** The units whose hold by this campaign is still in force, of {@code serials} (null: all). */
  List<String> stillHeld(long recallId, Collection<String> serials) {
    return jdbc.sql(
            """
            SELECT r.unit_serial FROM recall_unit r JOIN unit_hold h ON h.id = r.hold_id
             WHERE r.recall_id = :id AND h.released_at IS NULL
               AND (:all OR r.unit_serial = ANY (:serials))
             ORDER BY r.unit_serial
            """)
        .param("id", recallId)
        .param("all", serials == null)
        .param("serials", serials == null ? new String[0] : serials.toArray(String[]::new))
        .query(String.class)
        .list();
  }

  List<CampaignUnit> of(long recallId) {
    return jdbc.sql(SELECT + " WHERE r.recall_id = ? ORDER BY r.top_level DESC, r.unit_serial")
        .param(recallId)
        .query(RecordRows.of(CampaignUnit.class))
        .list();
  }

  List<CampaignUnit> of(long recallId, Collection<String> serials) {
    return jdbc.sql(
            SELECT + " WHERE r.recall_id = ? AND r.unit_serial = ANY (?) ORDER BY r.unit_serial")
        .params(recallId, serials.toArray(String[]::new))
        .query(RecordRows.of(CampaignUnit.class))
        .list();
  }
}
