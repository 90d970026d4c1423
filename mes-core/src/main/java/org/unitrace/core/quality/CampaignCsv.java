package org.unitrace.core.quality;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.unitrace.core.imports.Csv;

/**
 * A campaign as CSV: the customer notification list (who has an affected unit, how to reach them,
 * which unit, since when) for a mail merge or the ERP, and every unit with its state and progress
 * for whoever works the campaign in a spreadsheet.
 */
@Component
@RequiredArgsConstructor
class CampaignCsv {

  static final List<String> NOTIFICATION_COLUMNS =
      List.of(
          "customer",
          "customerName",
          "addressLabel",
          "street",
          "postalCode",
          "city",
          "country",
          "serial",
          "partNumber",
          "state",
          "soldOn",
          "warrantyUntil",
          "shipmentId",
          "shipmentReference",
          "shippedAt");

  static final List<String> UNIT_COLUMNS =
      List.of(
          "serial",
          "partNumber",
          "topLevel",
          "within",
          "state",
          "site",
          "line",
          "station",
          "location",
          "shipmentId",
          "shippedAt",
          "customer",
          "soldOn",
          "warrantyUntil",
          "holdId",
          "onHold",
          "step",
          "stepAt");

  private final JdbcClient jdbc;
  private final Recalls recalls;
  private final CampaignUnits units;

  /**
   * One row per top-level unit that was shipped to or sold to a customer when the campaign was
   * made, with the customer's first address on record.
   */
  String notification(long recallId) {
    recalls.find(recallId);
    List<List<Object>> rows =
        jdbc.sql(
                """
                SELECT r.customer, c.name, a.label, a.street, a.postal_code, a.city, a.country,
                       r.unit_serial, r.part_number, r.state, r.sold_on, r.warranty_until,
                       r.shipment_id, s.reference, r.shipped_at
                  FROM recall_unit r
                  LEFT JOIN customer c ON c.reference = r.customer
                  LEFT JOIN LATERAL (SELECT * FROM customer_address x WHERE x.customer = r.customer
                                      ORDER BY x.id LIMIT 1) a ON true
                  LEFT JOIN shipment s ON s.id = r.shipment_id
                 WHERE r.recall_id = ? AND r.top_level AND r.state IN ('SHIPPED', 'SOLD')
                   AND r.customer IS NOT NULL
                 ORDER BY r.customer, r.unit_serial
                """)
            .param(recallId)
            .query(
                (rs, i) -> {
                  Object[] row = new Object[NOTIFICATION_COLUMNS.size()];
                  for (int c = 0; c < row.length - 1; c++) {
                    row[c] = rs.getObject(c + 1);
                  }
                  row[row.length - 1] = rs.getObject(row.length, OffsetDateTime.class);
                  return Arrays.asList(row);
                })
            .list();
    return Csv.write(NOTIFICATION_COLUMNS, rows);
  }

  String units(long recallId) {
    recalls.find(recallId);
    return Csv.write(
        UNIT_COLUMNS,
        units.of(recallId).stream()
            .map(
                u ->
                    Arrays.<Object>asList(
                        u.unitSerial(),
                        u.partNumber(),
                        u.topLevel(),
                        u.withinSerial(),
                        u.state(),
                        u.site(),
                        u.line(),
                        u.station(),
                        u.location(),
                        u.shipmentId(),
                        u.shippedAt(),
                        u.customer(),
                        u.soldOn(),
                        u.warrantyUntil(),
                        u.holdId(),
                        u.onHold(),
                        u.step(),
                        u.stepAt()))
            .toList());
  }
}
