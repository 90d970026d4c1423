package org.unitrace.core.aftersales;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unitrace.core.support.Rest.created;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.unitrace.core.support.Bodies;

/**
 * One unit's whole story after the line, through the API on a real PostgreSQL: line, warehouse,
 * transfer, shipment, sale, return, repair (a component replaced), shipped again; its place,
 * timeline, warranty and genealogy checked at every step.
 */
class AfterSalesJourneyIT extends AfterSalesFixture {

  @Test
  void aUnitGoesFromTheLineToACustomerComesBackIsRepairedAndIsShippedAgain() {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    assertThat(
            put(
                    "/api/products/" + product + "/warranty",
                    Map.of("months", 24, "startsAt", "SHIPMENT"))
                .getStatusCode())
        .isEqualTo(HttpStatus.OK);

    // line -> warehouse: the completion puts it in the line's location, in the ingesting
    // transaction
    String serial = madeAndCompleted("U1");
    assertThat(locationOf(serial)).isEqualTo(warehouse);
    assertThat(timeline(serial))
        .containsSubsequence("UnitSerialized", "UnitStatusChanged", "EnteredLocation");

    // warehouse -> bin
    created(
        post("/api/transfers", Map.of("from", warehouse, "to", bin, "serials", List.of(serial))));
    assertThat(locationOf(serial)).isEqualTo(bin);
    JsonNode inBin = http.getForObject("/api/locations/" + bin + "/units", JsonNode.class);
    assertThat(inBin.path("units").asLong()).isEqualTo(1);
    assertThat(inBin.path("perProduct").get(0).path("partNumber").asText()).isEqualTo(product);
    JsonNode inSite = http.getForObject("/api/locations/" + p + "/units?deep=true", JsonNode.class);
    assertThat(inSite.path("units").asLong()).isEqualTo(1);
    assertThat(
            http.getForObject("/api/locations/" + warehouse + "/units", JsonNode.class)
                .path("units")
                .asLong())
        .isZero();

    // sale: the warranty of this product waits for the shipment
    created(post("/api/sales", Bodies.sale("SO-" + p, customer, today.toString(), serial)));
    assertThat(warranty(serial, today).path("status").asText()).isEqualTo("NOT_STARTED");
    assertThat(warranty(serial, today).path("reason").asText()).contains("starts at shipment");

    // shipment to the customer, on a pallet with its SSCC
    JsonNode shipment = ship(serial, sscc("03761234500000001"));
    long shipmentId = shipment.path("id").asLong();
    assertThat(shipment.path("units").get(0).path("sscc").asText())
        .isEqualTo(sscc("03761234500000001"));
    assertThat(unit(serial).path("place").path("shipmentId").asLong()).isEqualTo(shipmentId);
    JsonNode inWarranty = warranty(serial, today);
    assertThat(inWarranty.path("status").asText()).isEqualTo("IN_WARRANTY");
    assertThat(inWarranty.path("until").asText()).isEqualTo(today.plusMonths(24).toString());
    assertThat(inWarranty.path("reason").asText())
        .contains("first shipped to customer '" + customer + "'");
    assertThat(warranty(serial, today.plusMonths(25)).path("inWarranty").asBoolean()).isFalse();

    // receipt at the customer's
    assertThat(post("/api/shipments/" + shipmentId + "/receive", Map.of()).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(unit(serial).path("place").path("customer").asText()).isEqualTo(customer);
    JsonNode owned = http.getForObject("/api/customers/" + customer + "/units", JsonNode.class);
    assertThat(owned.get(0).path("serial").asText()).isEqualTo(serial);
    assertThat(owned.get(0).path("orderNumber").asText()).isEqualTo("SO-" + p);

    // return: authorised, received at the return desk, inspected, repaired
    long rma =
        created(
                post(
                    "/api/returns",
                    Map.of(
                        "serial",
                        serial,
                        "customer",
                        customer,
                        "complaint",
                        "pump does not start")))
            .path("id")
            .asLong();
    assertThat(
            post("/api/returns/" + rma + "/receive", Map.of("location", returnDesk))
                .getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(locationOf(serial)).isEqualTo(returnDesk);
    assertThat(
            post(
                    "/api/returns/" + rma + "/inspect",
                    Map.of("findings", "controller PCB burnt", "disposition", "REPAIR"))
                .getBody()
                .path("status")
                .asText())
        .isEqualTo("INSPECTED");
    JsonNode repaired =
        created(
            post(
                "/api/returns/" + rma + "/repair",
                Map.of(
                    "replaced",
                    List.of(
                        Map.of(
                            "partNumber",
                            "PCB-12",
                            "removedSerial",
                            serial + "-PCB1",
                            "fittedSerial",
                            serial + "-PCB2",
                            "reason",
                            "PCB burnt, replaced")))));
    long unbindCorrection = repaired.get(0).path("unbindCorrectionId").asLong();
    JsonNode tree = http.getForObject("/api/units/" + serial + "/genealogy", JsonNode.class);
    assertThat(tree.path("components"))
        .extracting(c -> c.path("componentSerial").asText())
        .containsExactly(serial + "-PCB2");
    assertThat(tree.path("removed").get(0).path("componentSerial").asText())
        .isEqualTo(serial + "-PCB1");
    assertThat(tree.path("removed").get(0).path("correctionId").asLong())
        .isEqualTo(unbindCorrection);
    assertThat(http.getForObject("/api/units/" + serial + "/corrections", JsonNode.class))
        .hasSize(2);
    assertThat(
            http.getForObject("/api/returns/" + rma, JsonNode.class)
                .path("rma")
                .path("status")
                .asText())
        .isEqualTo("CLOSED");
    assertThat(warranty(serial, today).path("status").asText()).isEqualTo("IN_WARRANTY");

    // shipped again: from the return desk, the warranty still counts from the first shipment
    JsonNode again = ship(serial, null);
    assertThat(again.path("id").asLong()).isNotEqualTo(shipmentId);
    assertThat(unit(serial).path("place").path("shipmentId").asLong())
        .isEqualTo(again.path("id").asLong());
    assertThat(warranty(serial, today).path("until").asText())
        .isEqualTo(today.plusMonths(24).toString());

    assertThat(timeline(serial))
        .containsSubsequence(
            "UnitSerialized",
            "ComponentBound",
            "UnitStatusChanged",
            "EnteredLocation",
            "Transferred",
            "Sold",
            "Shipped",
            "Received",
            "ReturnAuthorised",
            "ReturnReceived",
            "ReturnInspected",
            "Repaired",
            "Shipped");
    JsonNode moves = http.getForObject("/api/units/" + serial + "/location", JsonNode.class);
    assertThat(moves.path("history").get(1).path("fromPlace").asText()).isEqualTo(warehouse);
    assertThat(moves.path("history").get(1).path("toPlace").asText()).isEqualTo(bin);
    assertThat(moves.path("history").get(1).path("by").asText()).isEqualTo(OPERATOR);

    JsonNode audit = http.getForObject("/api/audit?entityType=rma&entityId=" + rma, JsonNode.class);
    assertThat(audit)
        .extracting(r -> r.path("action").asText())
        .containsExactly("rma.repair", "rma.inspect", "rma.receive", "rma.authorise");
  }

  @Test
  void aShipmentToAnotherOfOurSitesPutsItsUnitsThereOnReceipt() {
    String serial = madeAndCompleted("S1");
    created(post("/api/locations", Map.of("code", p + "-WLG", "kind", "SITE")));
    created(
        post(
            "/api/locations",
            Map.of("code", p + "-WLG-WH", "kind", "WAREHOUSE", "parent", p + "-WLG")));
    long id =
        created(
                post(
                    "/api/shipments",
                    Map.of(
                        "shipToLocation",
                        p + "-WLG-WH",
                        "carrier",
                        "Mainfreight",
                        "serials",
                        List.of(serial))))
            .path("id")
            .asLong();
    assertThat(unit(serial).path("place").path("shipmentId").asLong()).isEqualTo(id);

    JsonNode received = post("/api/shipments/" + id + "/receive", Map.of()).getBody();

    assertThat(received.path("receivedLocation").asText()).isEqualTo(p + "-WLG-WH");
    assertThat(locationOf(serial)).isEqualTo(p + "-WLG-WH");
    assertThat(
            http.getForObject("/api/locations/" + p + "-WLG/units?deep=true", JsonNode.class)
                .path("units")
                .asLong())
        .isEqualTo(1);
    assertThat(post("/api/shipments/" + id + "/receive", Map.of()).getStatusCode())
        .isEqualTo(HttpStatus.CONFLICT);
  }

  @Test
  void theOpenApiDocumentSaysImportsAreAllOrNothing() {
    JsonNode doc = anonymous.getForObject("/v3/api-docs", JsonNode.class);
    JsonNode transfers = doc.path("paths").path("/api/transfers").path("post");
    assertThat(transfers.path("description").asText()).containsIgnoringCase("all or nothing");
    assertThat(doc.path("paths").has("/api/units/{serial}/warranty")).isTrue();
    assertThat(doc.path("paths").has("/api/alerts")).isTrue();
  }

  @Test
  void aViewerMayLookButNotMoveShipSellOrReturn() {
    String serial = madeAndCompleted("V1");
    var viewer = newUser("as-viewer-" + p, "correct horse battery", "viewer");
    assertThat(
            viewer
                .postForEntity(
                    "/api/transfers",
                    Map.of("from", warehouse, "to", bin, "serials", List.of(serial)),
                    String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(
            viewer
                .postForEntity(
                    "/api/returns",
                    Map.of("serial", serial, "customer", customer, "complaint", "x"),
                    String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(
            viewer
                .getForEntity("/api/locations/" + warehouse + "/units", String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(locationOf(serial)).isEqualTo(warehouse);
  }

  private JsonNode ship(String serial, String sscc) {
    Map<String, Object> pallet =
        new java.util.HashMap<>(
            Map.of("reference", "PAL-1", "kind", "PALLET", "serials", List.of(serial)));
    if (sscc != null) {
      pallet.put("sscc", sscc);
    }
    ResponseEntity<JsonNode> response =
        post(
            "/api/shipments",
            Map.of(
                "shipToCustomer",
                customer,
                "carrier",
                "NZ Post",
                "trackingRef",
                "TRK-" + p,
                "packages",
                List.of(pallet)));
    return created(response);
  }

  private JsonNode warranty(String serial, LocalDate on) {
    return http.getForObject("/api/units/" + serial + "/warranty?on=" + on, JsonNode.class);
  }

  private List<String> timeline(String serial) {
    List<String> types = new ArrayList<>();
    unit(serial).path("timeline").forEach(e -> types.add(e.path("type").asText()));
    return types;
  }
}
