package org.unitrace.core.integration.epcis;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.unitrace.core.epcis.ShipmentEpcis;

/**
 * The events a partner may see: those of the shipments made to its customers and ship-to locations
 * (and the locations under them), each shipment's events in its fixed order, shipments in the order
 * they were recorded. The recordTime of a shipment's events is when the shipment was recorded, the
 * moment they became the partner's to see. Shipments are served only up to the start of the oldest
 * transaction still open, so one committing later cannot sort before a page already given.
 */
@Repository
@RequiredArgsConstructor
class PartnerEvents {

  /** Shipments read per round trip, and at most per page asked for. */
  private static final int CHUNK = 50;

  private static final int MAX_SHIPMENTS_PER_PAGE = 500;

  private final JdbcClient jdbc;
  private final ShipmentEpcis epcis;
  private final Partners partners;

  /** A page of events, and where the next one starts (null on the last page). */
  record Page(List<ObjectNode> events, PageToken next) {}

  private record Row(long id, Instant recordedAt) {}

  Page page(String partner, PartnerQuery q) {
    boolean commissioning = partners.get(partner).includeCommissioning();
    // the last event looked at (matching or not): the next page goes on after it
    PageToken cursor =
        q.nextPageToken() == null ? null : PageToken.decode(q.nextPageToken(), q.fingerprint());
    List<ObjectNode> out = new ArrayList<>();
    Row after = cursor == null ? null : new Row(cursor.shipment(), cursor.recordedAt());
    boolean inclusive = true; // the token's own shipment may have events left
    int scanned = 0;
    while (true) {
      List<Row> rows = shipments(partner, q, after, inclusive);
      for (Row r : rows) {
        scanned++;
        ShipmentEpcis.Shipment s = epcis.find(r.id()).orElseThrow();
        List<ObjectNode> events = epcis.events(s, commissioning);
        int start = cursor != null && cursor.shipment() == r.id() ? cursor.index() + 1 : 0;
        for (int i = start; i < events.size(); i++) {
          ObjectNode e = events.get(i);
          if (q.filter().test(e)) {
            if (out.size() == q.perPage()) {
              return new Page(out, cursor); // one more matches: it opens the next page
            }
            e.put("recordTime", r.recordedAt().toString());
            out.add(e);
          }
          cursor = new PageToken(r.recordedAt(), r.id(), i, q.fingerprint());
        }
        after = r;
      }
      inclusive = false;
      if (rows.size() < CHUNK) {
        return new Page(out, null);
      }
      if (scanned >= MAX_SHIPMENTS_PER_PAGE) {
        return new Page(out, cursor); // sparse matches: what was found, and where to go on
      }
    }
  }

  private List<Row> shipments(String partner, PartnerQuery q, Row after, boolean inclusive) {
    return jdbc.sql(
            """
            WITH RECURSIVE p AS (SELECT customers, locations FROM epcis_partner WHERE name = :partner),
            scope(code) AS (
              SELECT unnest(locations) FROM p
              UNION
              SELECT l.code FROM location l JOIN scope s ON l.parent = s.code)
            SELECT s.id, s.recorded_at FROM shipment s, p
             WHERE (s.ship_to_customer = ANY (p.customers)
                    OR s.ship_to_location IN (SELECT code FROM scope))
               AND (CAST(:afterTime AS timestamptz) IS NULL
                    OR (s.recorded_at, s.id) > (CAST(:afterTime AS timestamptz), :afterId)
                    OR (:inclusive AND (s.recorded_at, s.id) = (CAST(:afterTime AS timestamptz), :afterId)))
               AND (CAST(:geRecord AS timestamptz) IS NULL OR s.recorded_at >= CAST(:geRecord AS timestamptz))
               AND (CAST(:ltRecord AS timestamptz) IS NULL OR s.recorded_at < CAST(:ltRecord AS timestamptz))
               -- a shipment still being recorded gets the start of its transaction as its record
               -- time: nothing is served from that time on until it commits, so it cannot land
               -- before a page already given
               AND s.recorded_at < (SELECT coalesce(min(a.xact_start), 'infinity')
                                      FROM pg_stat_activity a
                                     WHERE a.datname = current_database()
                                       AND a.pid <> pg_backend_pid()
                                       AND a.backend_type = 'client backend'
                                       AND a.xact_start IS NOT NULL)
             ORDER BY s.recorded_at, s.id
             LIMIT :chunk
            """)
        .param("partner", partner)
        .param("afterTime", after == null ? null : Timestamp.from(after.recordedAt()))
        .param("afterId", after == null ? 0L : after.id())
        .param("inclusive", inclusive)
        .param("geRecord", q.geRecordTime() == null ? null : Timestamp.from(q.geRecordTime()))
        .param("ltRecord", q.ltRecordTime() == null ? null : Timestamp.from(q.ltRecordTime()))
        .param("chunk", CHUNK)
        .query((rs, i) -> new Row(rs.getLong("id"), rs.getTimestamp("recorded_at").toInstant()))
        .list();
  }
}
