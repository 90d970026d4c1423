package org.unitrace.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unitrace.core.support.Rest.created;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.unitrace.core.imports.Csv;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.Json;
import org.unitrace.core.support.TestServers;
import org.unitrace.sim.history.HistoryResult;
import org.unitrace.sim.history.HistorySettings;
import org.unitrace.sim.history.PlantHistory;

/**
 * The case quality staff buy Unitrace for: a month of generated production on two lines (3,000
 * products, each a unit with a module and a cell inside), one faulty widget lot fitted into 300
 * cells. Three returned products go in; the analysis names the lot and the run it went into, and
 * the forward trace of that lot gives exactly the 300 products built with it, not the month. A
 * campaign made from the lot factor holds those still on the line or in stock, and its notification
 * list names the customers of those already shipped or sold.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThreeReturnsIT extends CoreITSupport {

  private static final int PRODUCTS = 3000;

  @Autowired Environment environment;

  /** A site of its own: the test broker is shared, and the core ingests what others publish. */
  private final String site = TestServers.unique("S");

  private HistoryResult history;
  private List<String> returned;

  @BeforeAll
  void aMonthOfProductionWithOneFaultyLot() throws Exception {
    history =
        PlantHistory.generate(
            environment.getRequiredProperty("unitrace.db.url"),
            HistorySettings.defaults(PRODUCTS).withSite(site));
    List<String> faulty = history.faultyLot().topLevelSerials();
    returned = List.of(faulty.get(17), faulty.get(150), faulty.get(281));
  }

  @Test
  void theGeneratedMonthHasTheSizeAsked() {
    assertThat(history.products()).isEqualTo(PRODUCTS);
    assertThat(history.faultyLot().topLevelSerials()).hasSize(300);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM unit WHERE site = ?", Long.class, site))
        .isEqualTo(3L * PRODUCTS);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(DISTINCT line) FROM unit WHERE part_number = 'CTRL-900' AND site = ?",
                Integer.class,
                site))
        .isEqualTo(2);
  }

  @Test
  void threeReturnsResolveToTheFaultyLotAndItsRun() {
    JsonNode analysis = analyse(returned).getBody();
    JsonNode first = analysis.path("factors").get(0);
    JsonNode second = analysis.path("factors").get(1);

    assertThat(first.path("kind").asText()).isEqualTo("SUPPLIER_LOT");
    assertThat(first.path("parameters").path("lot").asText()).isEqualTo(history.faultyLot().lot());
    assertThat(first.path("sharedBy").asInt()).isEqualTo(3);
    assertThat(first.path("unitCount").asInt()).isEqualTo(300);
    assertThat(first.path("otherUnitCount").asInt()).isEqualTo(297);
    assertThat(first.path("otherUnits")).hasSize(CommonFactors.OTHERS_LISTED);

    assertThat(second.path("kind").asText()).isEqualTo("RUN");
    assertThat(second.path("parameters").path("runId").asText())
        .isEqualTo(history.faultyLot().runId());
    assertThat(second.path("unitCount").asInt()).isEqualTo(500);
  }

  @Test
  void broadFactorsRankBelowTheLotWithTheirCounts() {
    JsonNode analysis = analyse(returned).getBody();
    int lotRank = 0;
    int lineRank = 0;
    for (JsonNode f : analysis.path("factors")) {
      if (f.path("kind").asText().equals("SUPPLIER_LOT")
          && f.path("parameters").path("lot").asText().equals(history.faultyLot().lot())) {
        lotRank = f.path("rank").asInt();
      }
      if (f.path("kind").asText().equals("LINE")
          && f.path("parameters").path("line").asText().equals(history.faultyLot().line())) {
        lineRank = f.path("rank").asInt();
        assertThat(f.path("unitCount").asInt()).isEqualTo(PRODUCTS / 2);
      }
    }
    assertThat(lotRank).isEqualTo(1);
    assertThat(lineRank).isGreaterThan(2);
  }

  @Test
  void theLotsLinkFetchesExactlyTheUnitsBuiltWithIt() {
    JsonNode first = analyse(returned).getBody().path("factors").get(0);
    JsonNode trace =
        http.getForEntity(first.path("otherUnitsQuery").asText() + "&limit=10000", JsonNode.class)
            .getBody();
    assertThat(trace.path("topLevelCount").asInt()).isEqualTo(300);
    assertThat(serials(trace))
        .containsExactlyInAnyOrderElementsOf(history.faultyLot().topLevelSerials());
  }

  @Test
  void whereUsedOfTheLotGoesUpThroughModuleAndCellToThe300Products() {
    var f = history.faultyLot();
    JsonNode trace =
        http.getForEntity(
                "/api/trace/where-used?partNumber={p}&lot={l}&limit=10000",
                JsonNode.class,
                f.partNumber(),
                f.lot())
            .getBody();
    assertThat(trace.path("unitCount").asInt()).isEqualTo(900); // 300 cells, modules, products
    assertThat(trace.path("topLevelCount").asInt()).isEqualTo(300);
    assertThat(trace.path("units"))
        .filteredOn(u -> u.path("topLevel").asBoolean())
        .allSatisfy(u -> assertThat(u.path("depth").asInt()).isEqualTo(3));
    assertThat(Json.textsWhere(trace.path("units"), "topLevel", "serial"))
        .containsExactlyInAnyOrderElementsOf(f.topLevelSerials());
  }

  @Test
  void theUnitsThatPassedTheCellStationWhileTheLotWasLoadedAreTheSame300() {
    var f = history.faultyLot();
    JsonNode trace =
        http.getForEntity(
                "/api/trace/where-used?partNumber={p}&lot={l}&loaded=true&topLevelOnly=true"
                    + "&limit=10000",
                JsonNode.class,
                f.partNumber(),
                f.lot())
            .getBody();
    assertThat(serials(trace)).containsExactlyInAnyOrderElementsOf(f.topLevelSerials());
  }

  @Test
  void unknownSerialsAreA404NamingEachOfThem() {
    ResponseEntity<JsonNode> response = analyse(List.of(returned.get(0), "NO-SUCH-1", "NO-SUCH-2"));
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(response.getBody().path("detail").asText())
        .contains("NO-SUCH-1", "NO-SUCH-2")
        .doesNotContain(returned.get(0));
  }

  @Test
  void noSerialsIsA400NamingTheField() {
    ResponseEntity<JsonNode> response =
        http.postForEntity(
            "/api/analysis/common-factors", Map.of("serials", List.of()), JsonNode.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.getBody().path("detail").asText()).contains("serials");
  }

  @Test
  void aViewerMayAskAndAnAnonymousCallerMayNot() {
    ResponseEntity<JsonNode> asViewer =
        newUser("viewer3", "viewer-pw-3-long", "viewer")
            .postForEntity(
                "/api/analysis/common-factors", Map.of("serials", returned), JsonNode.class);
    assertThat(asViewer.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(
            anonymous
                .postForEntity(
                    "/api/analysis/common-factors", Map.of("serials", returned), JsonNode.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void aCampaignFromTheLotHoldsTheUnitsStillOursAndListsTheCustomersOfTheOthers() {
    List<String> faulty = history.faultyLot().topLevelSerials();
    Set<String> scrapped =
        new TreeSet<>(
            jdbc.queryForList(
                "SELECT serial FROM unit WHERE serial = ANY (?) AND status = 'SCRAPPED'",
                String.class,
                (Object) faulty.toArray(String[]::new)));
    List<String> usable =
        faulty.stream().filter(s -> !scrapped.contains(s) && !returned.contains(s)).toList();
    String warehouse = site + "-WH";
    created(post("/api/locations", Map.of("code", site + "-SITE", "kind", "SITE")));
    created(
        post(
            "/api/locations",
            Map.of("code", warehouse, "kind", "WAREHOUSE", "parent", site + "-SITE")));
    List<String> customers = List.of(site + "-ANNA", site + "-BEN", site + "-CORA", site + "-DAN");
    customers.forEach(
        c -> created(post("/api/customers", Map.of("reference", c, "name", "Customer " + c))));
    List<String> inStock = usable.subList(0, 20);
    List<String> shippedToAnna = usable.subList(20, 30);
    List<String> soldToBen = usable.subList(30, 40);
    List<String> soldAndShippedToCora = usable.subList(40, 45);
    created(post("/api/transfers", Map.of("to", warehouse, "serials", inStock)));
    created(
        post(
            "/api/shipments",
            Map.of("shipToCustomer", customers.get(0), "serials", shippedToAnna)));
    sell(customers.get(1), soldToBen);
    sell(customers.get(2), soldAndShippedToCora);
    created(
        post(
            "/api/shipments",
            Map.of("shipToCustomer", customers.get(2), "serials", soldAndShippedToCora)));
    String good =
        jdbc.queryForObject(
            "SELECT serial FROM unit WHERE site = ? AND part_number = 'CTRL-900'"
                + " AND status = 'COMPLETED' AND NOT serial = ANY (?) LIMIT 1",
            String.class,
            site,
            faulty.toArray(String[]::new));
    sell(customers.get(3), List.of(good));

    JsonNode lotFactor = analyse(returned).getBody().path("factors").get(0);
    assertThat(lotFactor.path("kind").asText()).isEqualTo("SUPPLIER_LOT");
    JsonNode campaign =
        created(
            post(
                "/api/recalls",
                Map.of(
                    "title",
                    "Widget lot " + history.faultyLot().lot(),
                    "reason",
                    "three returns with a failed widget",
                    "fromFactor",
                    lotFactor)));
    assertThat(campaign.path("unitCount").asInt()).isEqualTo(300);
    assertThat(campaign.path("componentCount").asInt()).isEqualTo(600);
    assertThat(campaign.path("byState").path("SCRAPPED").asInt()).isEqualTo(scrapped.size());
    assertThat(campaign.path("byState").path("STOCK").asInt()).isEqualTo(20);
    assertThat(campaign.path("byState").path("SHIPPED").asInt()).isEqualTo(10);
    assertThat(campaign.path("byState").path("SOLD").asInt()).isEqualTo(15);

    Set<String> notOurs = new TreeSet<>(scrapped);
    notOurs.addAll(shippedToAnna);
    notOurs.addAll(soldAndShippedToCora); // sold to Ben but not shipped: still held here
    List<String> expectedHeld = faulty.stream().filter(s -> !notOurs.contains(s)).toList();
    assertThat(Json.textsWhere(campaign.path("units"), "onHold", "unitSerial"))
        .containsExactlyInAnyOrderElementsOf(expectedHeld);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM unit WHERE site = ? AND status = 'HELD'", Long.class, site))
        .isEqualTo(expectedHeld.size());

    long id = campaign.path("recall").path("id").asLong();
    String csv = http.getForObject("/api/recalls/" + id + "/notification.csv", String.class);
    List<Csv.Row> rows = Csv.parse(csv, List.of("customer", "serial"));
    assertThat(rows.stream().map(r -> r.get("customer")).distinct())
        .containsExactly(customers.get(0), customers.get(1), customers.get(2));
    List<String> notified = new ArrayList<>(shippedToAnna);
    notified.addAll(soldToBen);
    notified.addAll(soldAndShippedToCora);
    assertThat(rows.stream().map(r -> r.get("serial")))
        .containsExactlyInAnyOrderElementsOf(notified);

    assertThat(
            post("/api/recalls/" + id + "/close", Map.of("reason", "widgets replaced"))
                .getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM unit WHERE site = ? AND status = 'HELD'", Long.class, site))
        .isZero();
  }

  private void sell(String customer, List<String> serials) {
    created(
        post(
            "/api/sales",
            Map.of(
                "orderNumber",
                "SO-" + customer,
                "customer",
                customer,
                "soldOn",
                "2026-11-20",
                "lines",
                serials.stream().map(s -> Map.of("serial", s)).toList())));
  }

  private ResponseEntity<JsonNode> analyse(List<String> serials) {
    return http.postForEntity(
        "/api/analysis/common-factors", Map.of("serials", serials), JsonNode.class);
  }

  private static List<String> serials(JsonNode trace) {
    return Json.texts(trace.path("units"), "serial");
  }
}
