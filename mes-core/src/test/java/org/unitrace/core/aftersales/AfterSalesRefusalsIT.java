package org.unitrace.core.aftersales;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unitrace.core.support.Rest.created;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.unitrace.contract.EventPayload;

/**
 * What after-sales refuses, each with the serial and the reason, leaving nothing half done; and the
 * alert a stolen unit raises wherever it turns up.
 */
class AfterSalesRefusalsIT extends AfterSalesFixture {

  @Test
  void shippingAHeldUnitIsRefusedWithTheReasonAndShipsNothing() {
    String good = madeAndCompleted("OK1");
    String held = madeAndCompleted("H1");
    created(post("/api/units/" + held + "/hold", Map.of("reason", "leak at final test")));

    ResponseEntity<JsonNode> refused =
        post(
            "/api/shipments",
            Map.of("shipToCustomer", customer, "carrier", "DHL", "serials", List.of(good, held)));

    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(refused.getBody().path("detail").asText())
        .contains("serials[1]", "unit '" + held + "' is on hold", "leak at final test");
    assertThat(refused.getBody().path("errors")).hasSize(1);
    assertThat(locationOf(good)).isEqualTo(warehouse);
    assertThat(locationOf(held)).isEqualTo(warehouse);
  }

  @Test
  void shippingAScrappedOrAlreadyShippedUnitIsRefusedWithItsReason() {
    String scrapped = madeAndCompleted("S1");
    postStored(List.of(events.status(scrapped, EventPayload.UnitStatus.SCRAPPED)));
    String shipped = madeAndCompleted("S2");
    created(
        post("/api/shipments", Map.of("shipToCustomer", customer, "serials", List.of(shipped))));

    ResponseEntity<JsonNode> refused =
        post(
            "/api/shipments",
            Map.of("shipToCustomer", customer, "serials", List.of(scrapped, shipped)));

    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(refused.getBody().path("detail").asText())
        .contains("unit '" + scrapped + "' is scrapped")
        .contains("unit '" + shipped + "' is shipped already", "in transit");
  }

  @Test
  void aReturnForASerialTheCustomerDidNotBuyIsRefusedNamingSerialAndCustomer() {
    String serial = madeAndCompleted("R1");
    created(
        post("/api/customers", Map.of("reference", customer + "-OTHER", "name", "Someone Else")));
    created(
        post(
            "/api/sales",
            Map.of(
                "orderNumber", "SO-" + p,
                "customer", customer + "-OTHER",
                "lines", List.of(Map.of("serial", serial)))));

    ResponseEntity<JsonNode> refused =
        post(
            "/api/returns",
            Map.of("serial", serial, "customer", customer, "complaint", "broken on arrival"));

    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(refused.getBody().path("detail").asText())
        .contains("unit '" + serial + "'", "customer '" + customer + "' did not buy it");
    assertThat(http.getForObject("/api/returns?serial=" + serial, JsonNode.class)).isEmpty();
  }

  @Test
  void aTransferOfAUnitThatIsNotAtTheSourceLocationIsRefusedAndMovesNothing() {
    String here = madeAndCompleted("T1");
    String elsewhere = madeAndCompleted("T2");
    created(
        post(
            "/api/transfers", Map.of("from", warehouse, "to", bin, "serials", List.of(elsewhere))));

    ResponseEntity<JsonNode> refused =
        post(
            "/api/transfers",
            Map.of("from", warehouse, "to", returnDesk, "serials", List.of(here, elsewhere)));

    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(refused.getBody().path("detail").asText())
        .contains(
            "serials[1]",
            "unit '" + elsewhere + "' is not at source location '" + warehouse + "'",
            "at location '" + bin + "'");
    assertThat(locationOf(here)).isEqualTo(warehouse);
    assertThat(locationOf(elsewhere)).isEqualTo(bin);
  }

  @Test
  void aStolenSerialScannedAtAReturnDeskRaisesAnAlertVisibleThroughTheApi() {
    String serial = madeAndCompleted("X1");
    created(
        post(
            "/api/units/" + serial + "/stolen",
            Map.of(
                "reportedBy", "warehouse supervisor J. Smith",
                "policeReference", "NZP-2026-4711")));
    JsonNode flagged = unit(serial).path("stolen");
    assertThat(flagged.path("kind").asText()).isEqualTo("STOLEN");
    assertThat(flagged.path("policeReference").asText()).isEqualTo("NZP-2026-4711");

    ResponseEntity<JsonNode> atDesk =
        post(
            "/api/returns",
            Map.of(
                "serial", serial,
                "customer", customer,
                "complaint", "customer says it is faulty",
                "desk", returnDesk));

    assertThat(atDesk.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(atDesk.getBody().path("detail").asText()).contains("reported STOLEN", "alert #");
    JsonNode alerts = http.getForObject("/api/alerts?open=true&serial=" + serial, JsonNode.class);
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).path("serial").asText()).isEqualTo(serial);
    assertThat(alerts.get(0).path("kind").asText()).isEqualTo("STOLEN_UNIT_SEEN");
    assertThat(alerts.get(0).path("seenWhere").asText()).contains("return desk", returnDesk);
    assertThat(alerts.get(0).path("seenWhat").asText()).contains("return authorisation");
  }

  @Test
  void aStolenSerialSeenByALineOrATransferRaisesAnAlertEach() {
    String serial = madeAndCompleted("X2");
    created(
        post(
            "/api/units/" + serial + "/stolen", Map.of("kind", "LOST", "reportedBy", "logistics")));

    postStored(List.of(events.result(serial, EventPayload.Result.OK)));
    created(
        post("/api/transfers", Map.of("from", warehouse, "to", bin, "serials", List.of(serial))));

    JsonNode alerts = http.getForObject("/api/alerts?serial=" + serial, JsonNode.class);
    assertThat(alerts).hasSize(2);
    assertThat(alerts.get(1).path("seenWhere").asText()).contains("line " + SITE + "/" + line);
    assertThat(alerts.get(1).path("seenWhat").asText()).contains("StationResult");
    assertThat(alerts.get(1).path("eventId").isTextual()).isTrue();
    assertThat(alerts.get(0).path("seenWhere").asText()).contains("transfer to location '" + bin);
    assertThat(alerts.get(0).path("kind").asText()).isEqualTo("LOST_UNIT_SEEN");

    long id = alerts.get(0).path("id").asLong();
    assertThat(
            post(
                    "/api/alerts/" + id + "/acknowledge",
                    Map.of("reason", "found in bin, police told"))
                .getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(http.getForObject("/api/alerts?open=true&serial=" + serial, JsonNode.class))
        .hasSize(1);
  }
}
