package org.unitrace.core.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unitrace.core.support.Rest.created;
import static org.unitrace.core.support.Rest.detail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventPayload;
import org.unitrace.core.imports.Csv;
import org.unitrace.core.support.Bodies;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.Json;
import org.unitrace.core.support.TestEvents;
import org.unitrace.core.support.TestServers;

/**
 * A recall campaign over a small plant where one seal lot went into a unit in each state: on the
 * line (with a sub-assembly carrying the lot), two in stock, one shipped, one sold, one scrapped;
 * and one unit built with another lot. Everything is made through the line's events and the
 * after-sales API, and the campaign is followed through the API, its CSVs and the audit trail.
 */
class RecallCampaignIT extends CoreITSupport {

  private String p;
  private String line;
  private String lot;
  private String warehouse;
  private String kiwi;
  private String tasman;
  private TestEvents events;

  private String wip;
  private String sub;
  private String stock1;
  private String stock2;
  private String shipped;
  private String sold;
  private String scrapped;
  private String other;
  private long shipmentToKiwi;

  private static final String KIWI_NAME = "Kiwi \"Pumps\", Ltd";

  @BeforeEach
  void aLotInUnitsOfEveryState() {
    p = TestServers.unique("RC");
    line = p + "-L";
    lot = p + "-LOT";
    events = new TestEvents(SITE, line, "edge-" + p);
    created(post("/api/locations", Map.of("code", p, "kind", "SITE")));
    warehouse = p + "-WH";
    created(post("/api/locations", Map.of("code", warehouse, "kind", "WAREHOUSE", "parent", p)));
    completedUnitsGoTo(line, warehouse);
    kiwi = "C1-" + p;
    created(
        post(
            "/api/customers",
            Bodies.customer(kiwi, KIWI_NAME, Bodies.queenStreet("postalCode", "1010"))));
    tasman = "C2-" + p;
    created(post("/api/customers", Map.of("reference", tasman, "name", "Tasman Water")));
    assertThat(
            put("/api/products/CTRL-" + p + "/warranty", Map.of("months", 24, "startsAt", "SALE"))
                .getStatusCode())
        .isEqualTo(HttpStatus.OK);

    wip = p + "-WIP";
    sub = p + "-SUB";
    List<Event> wipHistory = new ArrayList<>();
    wipHistory.add(events.serialized(sub, "MOD-" + p, "RUN-" + p));
    wipHistory.add(events.boundLot(sub, "SEAL-3", lot, "Acme"));
    wipHistory.add(events.serialized(wip, "CTRL-" + p, "RUN-" + p));
    wipHistory.add(events.boundSerial(wip, "MOD-" + p, sub));
    wipHistory.add(events.result(wip, EventPayload.Result.OK));
    postStored(wipHistory);
    stock1 = completed("STK1", lot);
    stock2 = completed("STK2", lot);
    shipped = completed("SHP", lot);
    sold = completed("SLD", lot);
    scrapped = completed("SCR", lot);
    postStored(List.of(events.status(scrapped, EventPayload.UnitStatus.SCRAPPED)));
    other = completed("OTH", p + "-GOOD-LOT");

    shipmentToKiwi =
        created(
                post(
                    "/api/shipments",
                    Map.of(
                        "reference",
                        "SH-" + p,
                        "shipToCustomer",
                        kiwi,
                        "carrier",
                        "NZ Post",
                        "serials",
                        List.of(shipped))))
            .path("id")
            .asLong();
    created(post("/api/sales", Bodies.sale("SO-" + p, tasman, "2026-10-01", sold)));
    long toTasman =
        created(post("/api/shipments", Map.of("shipToCustomer", tasman, "serials", List.of(sold))))
            .path("id")
            .asLong();
    assertThat(post("/api/shipments/" + toTasman + "/receive", Map.of()).getStatusCode())
        .isEqualTo(HttpStatus.OK);
  }

  @Test
  void aCampaignFromALotRecordsEachUnitsStateAndHoldsOnlyWhatIsStillOurs() throws Exception {
    try (HoldTopics hold = new HoldTopics(SITE, line)) {
      JsonNode campaign = createFromLot("seal porosity reported by Acme");
      long id = campaign.path("recall").path("id").asLong();

      assertThat(campaign.path("recall").path("source").asText()).isEqualTo("QUERY");
      assertThat(campaign.path("unitCount").asInt()).isEqualTo(6);
      assertThat(campaign.path("componentCount").asInt()).isEqualTo(1);
      assertThat(campaign.path("byState").toString())
          .isEqualTo("{\"WIP\":1,\"STOCK\":2,\"SHIPPED\":1,\"SOLD\":1,\"SCRAPPED\":1}");
      assertThat(campaign.path("onHold").asInt()).isEqualTo(3);
      Map<String, JsonNode> units = bySerial(campaign);
      assertThat(units).doesNotContainKey(other);

      JsonNode w = units.get(wip);
      assertThat(w.path("state").asText()).isEqualTo("WIP");
      assertThat(w.path("line").asText()).isEqualTo(line);
      assertThat(w.path("station").asText()).isEqualTo("TEST");
      JsonNode s = units.get(sub);
      assertThat(s.path("topLevel").asBoolean()).isFalse();
      assertThat(s.path("withinSerial").asText()).isEqualTo(wip);
      assertThat(s.path("state").asText()).isEqualTo("WIP");
      assertThat(s.path("onHold").asBoolean()).isFalse();
      assertThat(units.get(stock1).path("state").asText()).isEqualTo("STOCK");
      assertThat(units.get(stock1).path("location").asText()).isEqualTo(warehouse);
      JsonNode sh = units.get(shipped);
      assertThat(sh.path("state").asText()).isEqualTo("SHIPPED");
      assertThat(sh.path("shipmentId").asLong()).isEqualTo(shipmentToKiwi);
      assertThat(sh.path("customer").asText()).isEqualTo(kiwi);
      JsonNode so = units.get(sold);
      assertThat(so.path("state").asText()).isEqualTo("SOLD");
      assertThat(so.path("customer").asText()).isEqualTo(tasman);
      assertThat(so.path("soldOn").asText()).isEqualTo("2026-10-01");
      assertThat(so.path("warrantyUntil").asText()).isEqualTo("2028-10-01");
      assertThat(units.get(scrapped).path("state").asText()).isEqualTo("SCRAPPED");

      assertThat(held(units)).containsExactlyInAnyOrder(wip, stock1, stock2);
      for (String serial : List.of(wip, stock1, stock2)) {
        assertThat(status(serial)).isEqualTo("HELD");
      }
      assertThat(status(shipped)).isNotEqualTo("HELD");
      assertThat(status(sub)).isEqualTo("IN_PROCESS");
      hold.expect(Set.of(wip, stock1, stock2));

      ResponseEntity<JsonNode> refused =
          post("/api/shipments", Map.of("shipToCustomer", kiwi, "serials", List.of(stock2)));
      assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
      assertThat(refused.getBody().path("detail").asText())
          .contains("unit '" + stock2 + "' is on hold", "recall #" + id);

      assertThat(post("/api/recalls/" + id + "/release", Map.of("serials", List.of(stock2))))
          .extracting(ResponseEntity::getStatusCode)
          .isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(
              post(
                      "/api/recalls/" + id + "/release",
                      Map.of("reason", "x", "serials", List.of(shipped)))
                  .getBody()
                  .path("detail")
                  .asText())
          .contains("does not hold unit '" + shipped + "'");
      ResponseEntity<JsonNode> notInCampaign =
          post(
              "/api/recalls/" + id + "/release",
              Map.of("reason", "x", "serials", List.of(other, stock2)));
      assertThat(notInCampaign.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
      assertThat(notInCampaign.getBody().path("detail").asText())
          .contains(other)
          .doesNotContain(stock2);
      JsonNode released =
          post(
                  "/api/recalls/" + id + "/release",
                  Map.of("reason", "seal replaced and leak-tested", "serials", List.of(stock2)))
              .getBody();
      assertThat(released.path("onHold").asInt()).isEqualTo(2);
      assertThat(status(stock2)).isEqualTo("COMPLETED");
      hold.expect(Set.of(wip, stock1));
      created(post("/api/shipments", Map.of("shipToCustomer", kiwi, "serials", List.of(stock2))));

      JsonNode closed = post("/api/recalls/" + id + "/close", Map.of("reason", "done")).getBody();
      assertThat(closed.path("recall").path("status").asText()).isEqualTo("CLOSED");
      assertThat(closed.path("onHold").asInt()).isZero();
      assertThat(status(wip)).isNotEqualTo("HELD");
      assertThat(status(stock1)).isEqualTo("COMPLETED");
      hold.expect(Set.of());

      JsonNode audit =
          http.getForObject("/api/audit?entityType=recall&entityId=" + id, JsonNode.class);
      assertThat(audit)
          .extracting(r -> r.path("action").asText() + ":" + r.path("reason").asText())
          .containsExactly(
              "recall.close:done",
              "recall.release:recall closed: done",
              "recall.release:seal replaced and leak-tested",
              "recall.hold:seal porosity reported by Acme",
              "recall.create:seal porosity reported by Acme");
      audit.forEach(r -> assertThat(r.path("actor").asText()).isEqualTo(OPERATOR));
      assertThat(audit.get(3).path("after").path("serials"))
          .extracting(JsonNode::asText)
          .containsExactly(stock1, stock2, wip);
      JsonNode unitAudit =
          http.getForObject("/api/audit?entityType=unit&entityId=" + stock2, JsonNode.class);
      assertThat(unitAudit)
          .extracting(r -> r.path("action").asText())
          .containsExactly("unit.release", "unit.hold");
    }
  }

  @Test
  void progressMovesForwardPerUnitAndInBulkAndRefusesWhatCannotFollow() {
    long id = createFromLot("seal porosity").path("recall").path("id").asLong();
    String base = "/api/recalls/" + id;

    JsonNode notified =
        post(
                base + "/units/" + shipped + "/progress",
                Map.of("step", "NOTIFIED", "note", "letter sent", "reason", "campaign letter"))
            .getBody();
    assertThat(notified.path("step").asText()).isEqualTo("NOTIFIED");
    assertThat(
            post(
                    base + "/progress",
                    Map.of(
                        "serials",
                        List.of(shipped, sold),
                        "step",
                        "RETURNED",
                        "reason",
                        "received at the return desk"))
                .getStatusCode())
        .isEqualTo(HttpStatus.OK);

    ResponseEntity<JsonNode> unknown =
        post(
            base + "/progress",
            Map.of("serials", List.of(sold, "NO-SUCH-" + p), "step", "INSPECTED", "reason", "x"));
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(unknown.getBody().path("detail").asText()).contains("NO-SUCH-" + p);
    assertThat(step(id, sold)).isEqualTo("RETURNED"); // all or nothing

    ResponseEntity<JsonNode> backwards = progress(base, sold, "NOTIFIED");
    assertThat(backwards.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(backwards.getBody().path("detail").asText())
        .contains(sold, "RETURNED already", "NOTIFIED comes before");
    assertThat(detail(progress(base, sub, "RETURNED"))).contains("inside '" + wip + "'");
    assertThat(
            post(base + "/units/" + sold + "/progress", Map.of("step", "INSPECTED"))
                .getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(detail(progress(base, sold, "FIXED"))).contains("'step' must be one of", "FIXED");

    for (String step : List.of("INSPECTED", "REPAIRED", "CLOSED")) {
      assertThat(
              post(base + "/units/" + shipped + "/progress", Map.of("step", step, "reason", step))
                  .getStatusCode())
          .isEqualTo(HttpStatus.OK);
    }
    ResponseEntity<JsonNode> afterClosed = progress(base, shipped, "SCRAPPED");
    assertThat(afterClosed.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(afterClosed.getBody().path("detail").asText())
        .contains(shipped, "no step follows CLOSED");
    assertThat(progress(base, wip, "SCRAPPED").getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(detail(progress(base, wip, "REPAIRED"))).contains("SCRAPPED already", "one outcome");

    JsonNode history = http.getForObject(base + "/units/" + shipped, JsonNode.class);
    assertThat(history.path("history"))
        .extracting(e -> e.path("step").asText())
        .containsExactly("NOTIFIED", "RETURNED", "INSPECTED", "REPAIRED", "CLOSED");
    assertThat(history.path("history").get(0).path("note").asText()).isEqualTo("letter sent");
    assertThat(history.path("history").get(0).path("recordedBy").asText()).isEqualTo(OPERATOR);

    JsonNode campaign = http.getForObject(base, JsonNode.class);
    assertThat(campaign.path("byStep").toString())
        .isEqualTo(
            "{\"NONE\":3,\"NOTIFIED\":0,\"RETURNED\":1,\"INSPECTED\":0,\"REPAIRED\":0,"
                + "\"REPLACED\":0,\"SCRAPPED\":1,\"CLOSED\":1}");

    JsonNode audit =
        http.getForObject(
            "/api/audit?action=recall.progress&entityId=" + id + "&entityType=recall",
            JsonNode.class);
    assertThat(audit).hasSize(6);
    JsonNode bulk = audit.get(4);
    assertThat(bulk.path("reason").asText()).isEqualTo("received at the return desk");
    assertThat(bulk.path("after").path("step").asText()).isEqualTo("RETURNED");
    assertThat(bulk.path("after").path("serials"))
        .extracting(JsonNode::asText)
        .containsExactly(shipped, sold);
    assertThat(bulk.path("before").path("steps").path(shipped).asText()).isEqualTo("NOTIFIED");

    post(base + "/close", Map.of("reason", "all dealt with"));
    ResponseEntity<JsonNode> onClosed = progress(base, sold, "INSPECTED");
    assertThat(onClosed.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(onClosed.getBody().path("detail").asText()).contains("recall #" + id, "CLOSED");
  }

  @Test
  void theCsvsListTheCustomersToNotifyAndEveryUnitWithItsProgress() {
    long id = createFromLot("seal porosity").path("recall").path("id").asLong();
    post(
        "/api/recalls/" + id + "/units/" + sold + "/progress",
        Map.of("step", "NOTIFIED", "reason", "phoned"));

    String notification = csv("/api/recalls/" + id + "/notification.csv");
    assertThat(notification).contains("\"Kiwi \"\"Pumps\"\", Ltd\"");
    List<Csv.Row> rows = Csv.parse(notification, CampaignCsv.NOTIFICATION_COLUMNS);
    assertThat(rows).extracting(r -> r.get("serial")).containsExactly(shipped, sold);
    Csv.Row toKiwi = rows.get(0);
    assertThat(toKiwi.get("customer")).isEqualTo(kiwi);
    assertThat(toKiwi.get("customerName")).isEqualTo(KIWI_NAME);
    assertThat(toKiwi.get("street")).isEqualTo("1 Queen St");
    assertThat(toKiwi.get("postalCode")).isEqualTo("1010");
    assertThat(toKiwi.get("partNumber")).isEqualTo("CTRL-" + p);
    assertThat(toKiwi.get("state")).isEqualTo("SHIPPED");
    assertThat(toKiwi.get("shipmentId")).isEqualTo(String.valueOf(shipmentToKiwi));
    assertThat(toKiwi.get("shipmentReference")).isEqualTo("SH-" + p);
    assertThat(toKiwi.get("shippedAt")).isNotNull();
    Csv.Row toTasman = rows.get(1);
    assertThat(toTasman.get("customer")).isEqualTo(tasman);
    assertThat(toTasman.get("customerName")).isEqualTo("Tasman Water");
    assertThat(toTasman.get("street")).isNull();
    assertThat(toTasman.get("soldOn")).isEqualTo("2026-10-01");
    assertThat(toTasman.get("warrantyUntil")).isEqualTo("2028-10-01");

    List<Csv.Row> all =
        Csv.parse(csv("/api/recalls/" + id + "/units.csv"), CampaignCsv.UNIT_COLUMNS);
    Map<String, Csv.Row> bySerial =
        all.stream().collect(Collectors.toMap(r -> r.get("serial"), Function.identity()));
    assertThat(bySerial.keySet())
        .containsExactlyInAnyOrder(wip, sub, stock1, stock2, shipped, sold, scrapped);
    assertThat(bySerial.get(sub).get("within")).isEqualTo(wip);
    assertThat(bySerial.get(sub).get("topLevel")).isEqualTo("false");
    assertThat(bySerial.get(stock1).get("location")).isEqualTo(warehouse);
    assertThat(bySerial.get(stock1).get("onHold")).isEqualTo("true");
    assertThat(bySerial.get(wip).get("station")).isEqualTo("TEST");
    assertThat(bySerial.get(sold).get("customer")).isEqualTo(tasman);
    assertThat(bySerial.get(sold).get("step")).isEqualTo("NOTIFIED");
    assertThat(bySerial.get(scrapped).get("state")).isEqualTo("SCRAPPED");
    assertThat(bySerial.get(scrapped).get("onHold")).isEqualTo("false");
  }

  @Test
  void aCampaignFromACommonFactorHoldsTheUnitsTheAnalysisListed() {
    JsonNode analysis =
        post("/api/analysis/common-factors", Map.of("serials", List.of(shipped, sold))).getBody();
    JsonNode lotFactor = null;
    for (JsonNode f : analysis.path("factors")) {
      if (f.path("kind").asText().equals("SUPPLIER_LOT")
          && f.path("parameters").path("lot").asText().equals(lot)) {
        lotFactor = f;
      }
    }
    assertThat(lotFactor).isNotNull();
    List<String> listed = new ArrayList<>();
    lotFactor.path("sharedByUnits").forEach(u -> listed.add(u.asText()));
    lotFactor.path("otherUnits").forEach(u -> listed.add(u.asText()));

    ResponseEntity<JsonNode> response =
        post(
            "/api/recalls",
            Map.of("title", "Seal lot", "reason", "two returns leak", "fromFactor", lotFactor));
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    JsonNode campaign = response.getBody();
    assertThat(campaign.path("recall").path("source").asText()).isEqualTo("FACTOR");
    assertThat(campaign.path("recall").path("factorKind").asText()).isEqualTo("SUPPLIER_LOT");
    assertThat(campaign.path("unitCount").asInt()).isEqualTo(lotFactor.path("unitCount").asInt());
    assertThat(Json.textsWhere(campaign.path("units"), "topLevel", "unitSerial"))
        .containsExactlyInAnyOrderElementsOf(listed);
    assertThat(held(bySerial(campaign))).containsExactlyInAnyOrder(wip, stock1, stock2);

    ResponseEntity<JsonNode> mismatched =
        post(
            "/api/recalls",
            Map.of(
                "title",
                "x",
                "reason",
                "x",
                "fromFactor",
                Map.of("kind", "RUN", "parameters", Map.of("partNumber", "SEAL-3", "lot", lot))));
    assertThat(mismatched.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(mismatched.getBody().path("detail").asText()).contains("not a RUN factor");
    ResponseEntity<JsonNode> both =
        post(
            "/api/recalls",
            Map.of(
                "title",
                "x",
                "reason",
                "x",
                "fromFactor",
                lotFactor,
                "query",
                Map.of("runId", "RUN-" + p)));
    assertThat(both.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(both.getBody().path("detail").asText()).contains("exactly one of");
  }

  @Test
  void aCampaignWithoutHoldsLeavesEveryUnitFree() {
    JsonNode campaign =
        created(
            post(
                "/api/recalls",
                Map.of(
                    "title",
                    "Seal lot, watch only",
                    "reason",
                    "supplier notice, no defect seen yet",
                    "query",
                    Map.of("partNumber", "SEAL-3", "lot", lot),
                    "hold",
                    false)));
    assertThat(campaign.path("onHold").asInt()).isZero();
    assertThat(status(wip)).isNotEqualTo("HELD");
    assertThat(status(stock1)).isEqualTo("COMPLETED");
    ResponseEntity<JsonNode> nothing =
        post(
            "/api/recalls/" + campaign.path("recall").path("id").asLong() + "/release",
            Map.of("reason", "x"));
    assertThat(nothing.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(nothing.getBody().path("detail").asText()).contains("holds no unit");
  }

  /** Moves {@code serial} in the campaign at {@code base} to {@code step}, for reason x. */
  private ResponseEntity<JsonNode> progress(String base, String serial, String step) {
    return post(base + "/units/" + serial + "/progress", Map.of("step", step, "reason", "x"));
  }

  private JsonNode createFromLot(String reason) {
    return created(post("/api/recalls", Bodies.sealLotRecall(lot, reason)));
  }

  private String completed(String suffix, String withLot) {
    String serial = p + "-" + suffix;
    postStored(
        List.of(
            events.serialized(serial, "CTRL-" + p, "RUN-" + p),
            events.boundLot(serial, "SEAL-3", withLot, "Acme"),
            events.status(serial, EventPayload.UnitStatus.COMPLETED)));
    return serial;
  }

  private static Map<String, JsonNode> bySerial(JsonNode campaign) {
    Map<String, JsonNode> units = new HashMap<>();
    campaign.path("units").forEach(u -> units.put(u.path("unitSerial").asText(), u));
    return units;
  }

  private static List<String> held(Map<String, JsonNode> units) {
    return units.values().stream()
        .filter(u -> u.path("onHold").asBoolean())
        .map(u -> u.path("unitSerial").asText())
        .toList();
  }

  private String step(long id, String serial) {
    return http.getForObject("/api/recalls/" + id + "/units/" + serial, JsonNode.class)
        .path("unit")
        .path("step")
        .asText();
  }

  private String status(String serial) {
    return http.getForObject("/api/units/" + serial, JsonNode.class).path("status").asText();
  }

  private String csv(String path) {
    ResponseEntity<String> response = http.getForEntity(path, String.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(response.getHeaders().getContentType().toString()).startsWith("text/csv");
    return response.getBody();
  }
}
