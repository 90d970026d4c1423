package org.unitrace.core.integration.epcis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.unitrace.contract.Event;
import org.unitrace.core.epcis.EpcisValidator;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.TestEvents;
import org.unitrace.core.support.TestServers;

/**
 * EPCIS 2.0 with a trading partner, end to end: shipments pushed through the Camel route to a real
 * capture interface written against the standard's OpenAPI (it validates each document against the
 * official schema), the partner failing in each way it can, and the partner pulling its events from
 * {@code GET /epcis/events} page by page.
 */
class EpcisPartnersIT extends CoreITSupport {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private final EpcisValidator validator = new EpcisValidator();
  private final List<EpcisCaptureServer> servers = new ArrayList<>();
  private String p;
  private String customer;
  private String other;

  @DynamicPropertySource
  static void pushQuickly(DynamicPropertyRegistry registry) {
    registry.add("unitrace.integration.epcis.enabled", () -> "true");
    registry.add("unitrace.integration.epcis.poll-interval", () -> "200ms");
    registry.add("unitrace.integration.epcis.status-interval", () -> "200ms");
    registry.add("unitrace.integration.epcis.backoff-initial", () -> "300ms");
    registry.add("unitrace.integration.epcis.backoff-max", () -> "1s");
    registry.add("unitrace.integration.epcis.connect-timeout", () -> "2s");
    registry.add("unitrace.integration.epcis.response-timeout", () -> "10s");
    registry.add("unitrace.integration.epcis.lease", () -> "30s");
    registry.add("unitrace.integration.epcis.status-misses-to-fail", () -> "2");
  }

  /** Five units made on a line of their own, and two customers: one the partner covers. */
  @BeforeEach
  void unitsAndCustomers() {
    p = TestServers.unique("P");
    TestEvents e = new TestEvents(SITE, p, "edge-" + p);
    List<Event> made = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      made.add(e.serialized(unit(i), "CTRL-900", "RUN-" + p));
    }
    postStored(made);
    customer = "C-" + p;
    other = "D-" + p;
    for (String c : List.of(customer, other)) {
      assertThat(
              http.postForEntity(
                      "/api/customers", Map.of("reference", c, "name", "Kiwi " + c), JsonNode.class)
                  .getStatusCode())
          .isEqualTo(HttpStatus.CREATED);
    }
  }

  @AfterEach
  void stopPartners() {
    servers.forEach(EpcisCaptureServer::close);
  }

  @Test
  void aShipmentToACoveredCustomerIsCapturedOnceWithItsUnitsPackageAndShipping()
      throws IOException {
    EpcisCaptureServer partner = partnerServer("tok-" + p);
    String name = createPartner(partner.captureUrl(), "tok-" + p, customer, true);
    String sscc = sscc("0061414" + p.hashCode() % 1000);

    long shipment = ship(customer, sscc, List.of(unit(1), unit(2)), List.of(unit(3)));
    ship(other, null, List.of(), List.of(unit(4)));

    JsonNode job = awaitJob(name, shipment, "SUCCEEDED");
    assertThat(jobs(name)).as("the shipment to the uncovered customer is not pushed").hasSize(1);
    assertThat(partner.accepted).hasSize(1);
    JsonNode doc = partner.accepted.get(0);
    assertThat(validator.violations(doc)).isEmpty();
    List<JsonNode> events = list(doc.path("epcisBody").path("eventList"));
    assertThat(events.stream().filter(ev -> "commissioning".equals(ev.path("bizStep").asText())))
        .extracting(ev -> ev.path("epcList").get(0).asText())
        .containsExactly(epc(1), epc(2), epc(3));
    JsonNode packing = only(events, "AggregationEvent");
    assertThat(packing.path("parentID").asText()).isEqualTo("https://id.gs1.org/00/" + sscc);
    assertThat(texts(packing.path("childEPCs"))).containsExactly(epc(1), epc(2));
    assertThat(packing.path("action").asText()).isEqualTo("ADD");
    JsonNode shipping =
        events.stream()
            .filter(ev -> "shipping".equals(ev.path("bizStep").asText()))
            .findFirst()
            .orElseThrow();
    assertThat(shipping.path("type").asText()).isEqualTo("ObjectEvent");
    assertThat(shipping.path("disposition").asText()).isEqualTo("in_transit");
    assertThat(texts(shipping.path("epcList")))
        .containsExactly("https://id.gs1.org/00/" + sscc, epc(3));
    assertThat(shipping.path("destinationList").get(0).path("type").asText())
        .isEqualTo("owning_party");
    assertThat(shipping.path("destinationList").get(0).path("destination").asText())
        .isEqualTo("urn:unitrace:customer:" + customer);
    assertThat(partner.stored).doesNotHaveDuplicates().hasSize(events.size());
    assertThat(partner.unauthorized).hasValue(0);
    assertThat(list(job.path("history")))
        .extracting(a -> a.path("kind").asText() + " " + a.path("outcome").asText())
        .containsExactly("CAPTURE accepted", "STATUS running", "STATUS succeeded");
    assertThat(job.path("captureId").asText()).isEqualTo("cap1");
  }

  @Test
  void aShipmentToAWarehouseUnderACoveredSiteIsPushedToTheLocation() throws IOException {
    String site = p + "-WLG";
    String warehouse = p + "-WLG-WH";
    assertThat(
            http.postForEntity(
                    "/api/locations", Map.of("code", site, "kind", "SITE"), JsonNode.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    assertThat(
            http.postForEntity(
                    "/api/locations",
                    Map.of("code", warehouse, "kind", "WAREHOUSE", "parent", site),
                    JsonNode.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    EpcisCaptureServer partner = partnerServer("tok-" + p);
    String name = TestServers.unique("partner-");
    Map<String, Object> d = definition(partner.captureUrl(), "tok-" + p, customer, true);
    d.put("name", name);
    d.put("customers", List.of());
    d.put("locations", List.of(site));
    d.put("includeCommissioning", false);
    assertThat(http.postForEntity("/api/admin/epcis-partners", d, JsonNode.class).getStatusCode())
        .isEqualTo(HttpStatus.CREATED);

    Map<String, Object> body = new HashMap<>();
    body.put("shipToLocation", warehouse);
    body.put("serials", List.of(unit(1)));
    ResponseEntity<JsonNode> shipped = http.postForEntity("/api/shipments", body, JsonNode.class);
    assertThat(shipped.getStatusCode().is2xxSuccessful()).as(shipped.toString()).isTrue();

    awaitJob(name, shipped.getBody().path("id").asLong(), "SUCCEEDED");
    JsonNode doc = partner.accepted.get(0);
    assertThat(validator.violations(doc)).isEmpty();
    List<JsonNode> events = list(doc.path("epcisBody").path("eventList"));
    assertThat(events).as("no commissioning for this partner").hasSize(1);
    assertThat(events.get(0).path("destinationList").get(0).path("destination").asText())
        .isEqualTo("urn:unitrace:location:" + warehouse);
    assertThat(events.get(0).path("destinationList").get(0).path("type").asText())
        .isEqualTo("location");
  }

  @Test
  void aPartnerNamingAnUnknownCustomerOrAPushWithoutAddressIsRefusedSayingWhich() {
    Map<String, Object> d = definition(null, null, "NO-SUCH-" + p, false);
    d.put("name", TestServers.unique("partner-"));
    ResponseEntity<JsonNode> unknown =
        http.postForEntity("/api/admin/epcis-partners", d, JsonNode.class);
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(unknown.getBody().path("detail").asText()).contains("NO-SUCH-" + p);

    Map<String, Object> push = definition(null, null, customer, true);
    push.put("name", TestServers.unique("partner-"));
    ResponseEntity<JsonNode> nowhere =
        http.postForEntity("/api/admin/epcis-partners", push, JsonNode.class);
    assertThat(nowhere.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(nowhere.getBody().path("detail").asText()).contains("'push'", "'captureUrl'");

    Map<String, Object> basic = definition("https://epcis.example/capture", null, customer, false);
    basic.put("name", TestServers.unique("partner-"));
    basic.put("auth", "BASIC");
    basic.put("secret", "pw");
    ResponseEntity<JsonNode> noUser =
        http.postForEntity("/api/admin/epcis-partners", basic, JsonNode.class);
    assertThat(noUser.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(noUser.getBody().path("detail").asText()).contains("'username'");
  }

  @Test
  void aFailingPartnerIsRetriedWithARecordOfEachFailureAndNothingStoredTwice() throws IOException {
    EpcisCaptureServer partner = partnerServer("tok-" + p);
    partner.failPosts.set(2);
    partner.failStatus.set(1);
    partner.failCaptures.set(1);
    String name = createPartner(partner.captureUrl(), "tok-" + p, customer, true);

    long shipment = ship(customer, null, List.of(), List.of(unit(1), unit(2)));

    JsonNode job = awaitJob(name, shipment, "SUCCEEDED");
    List<String> history =
        list(job.path("history")).stream()
            .map(
                a ->
                    a.path("kind").asText()
                        + " "
                        + a.path("httpStatus").asText()
                        + " "
                        + a.path("outcome").asText()
                        + ": "
                        + a.path("detail").asText())
            .toList();
    assertThat(history.stream().filter(h -> h.startsWith("CAPTURE 500 partner answered HTTP 500")))
        .as(history.toString())
        .hasSize(2)
        .allMatch(h -> h.contains("capture store is down"));
    assertThat(history).anyMatch(h -> h.startsWith("STATUS 500 partner answered HTTP 500"));
    assertThat(history)
        .anyMatch(
            h ->
                h.startsWith("STATUS 200 capture failed")
                    && h.contains("stored none of it")
                    && h.contains("bizLocation unknown to this repository"));
    assertThat(history.get(history.size() - 1)).startsWith("STATUS 200 succeeded");
    assertThat(job.path("captures").asInt()).isEqualTo(2);
    assertThat(partner.accepted).as("the failed capture and the one that succeeded").hasSize(2);
    assertThat(partner.stored).doesNotHaveDuplicates().hasSize(3);
  }

  @Test
  void anUnreachablePartnerKeepsItsJobUntilItsAddressIsFixed() throws IOException {
    String nowhere;
    try (ServerSocket closed = new ServerSocket(0)) {
      nowhere = "http://127.0.0.1:" + closed.getLocalPort() + "/capture";
    }
    String name = createPartner(nowhere, "tok-" + p, customer, true);
    long shipment = ship(customer, null, List.of(), List.of(unit(1)));

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              JsonNode job = job(name, shipment);
              assertThat(job.path("state").asText()).isEqualTo("PENDING");
              assertThat(job.path("attempts").asInt()).isGreaterThanOrEqualTo(2);
              assertThat(job.path("lastError").asText()).contains("cannot reach " + nowhere);
            });

    EpcisCaptureServer partner = partnerServer("tok-" + p);
    Map<String, Object> fixed = definition(partner.captureUrl(), "tok-" + p, customer, true);
    http.put("/api/admin/epcis-partners/" + name, fixed);
    awaitJob(name, shipment, "SUCCEEDED");
    assertThat(partner.accepted).hasSize(1);
    assertThat(partner.stored).doesNotHaveDuplicates().hasSize(2);
  }

  @Test
  void aRefusedDocumentFailsItsJobUntilAnAdminSendsItAgain() throws IOException {
    EpcisCaptureServer partner = partnerServer("tok-" + p);
    partner.rejectPosts.set(1);
    String name = createPartner(partner.captureUrl(), "tok-" + p, customer, true);
    long shipment = ship(customer, null, List.of(), List.of(unit(1)));

    JsonNode failed = awaitJob(name, shipment, "FAILED");
    assertThat(failed.path("lastError").asText())
        .contains("refused the document with HTTP 400", "epcList names an unknown GTIN");
    long id = failed.path("id").asLong();
    ResponseEntity<JsonNode> refused =
        http.postForEntity(
            "/api/admin/epcis-partners/" + name + "/jobs/" + id + "/retry", null, JsonNode.class);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.OK);

    JsonNode done = awaitJob(name, shipment, "SUCCEEDED");
    assertThat(list(done.path("history")))
        .extracting(a -> a.path("kind").asText())
        .containsSubsequence("CAPTURE", "RETRY", "CAPTURE", "STATUS");
    ResponseEntity<JsonNode> again =
        http.postForEntity(
            "/api/admin/epcis-partners/" + name + "/jobs/" + id + "/retry", null, JsonNode.class);
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(again.getBody().path("detail").asText()).contains("SUCCEEDED", "not sent again");
    assertThat(partner.stored).hasSize(2);
  }

  @Test
  void aPartnerPagesThroughItsShipmentsEventsAndSeesNoOneElses() throws IOException {
    String name = createPartner(null, null, customer, false);
    String token = partnerToken(name);
    String sscc = sscc("0061414" + Math.abs(p.hashCode() % 1000));
    ship(customer, sscc, List.of(unit(1), unit(2)), List.of());
    ship(other, null, List.of(), List.of(unit(4)));
    ship(customer, null, List.of(), List.of(unit(3)));
    // visible once no transaction that began before them is open (one may be, for a moment)
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(count(token, "")).isEqualTo(6));

    ResponseEntity<JsonNode> first = query(token, "/epcis/events?perPage=2");
    assertThat(first.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(validator.violations(first.getBody())).isEmpty();
    assertThat(first.getBody().path("type").asText()).isEqualTo("EPCISQueryDocument");
    List<String> seen = new ArrayList<>(eventIds(first.getBody()));
    assertThat(seen).hasSize(2);
    // a shipment recorded while the partner pages goes after everything it was already given
    ship(customer, null, List.of(), List.of(unit(5)));
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(count(token, "")).isEqualTo(8));
    String next = next(first);
    int pages = 1;
    while (next != null) {
      ResponseEntity<JsonNode> page = query(token, next);
      assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
      assertThat(validator.violations(page.getBody())).isEmpty();
      assertThat(eventIds(page.getBody()).size()).isLessThanOrEqualTo(2);
      seen.addAll(eventIds(page.getBody()));
      next = next(page);
      pages++;
    }
    // units 1, 2, 3, 5 commissioned; one package; three shipments
    assertThat(seen).doesNotHaveDuplicates().hasSize(8);
    assertThat(pages).isEqualTo(4);

    JsonNode all = query(token, "/epcis/events?perPage=100").getBody();
    assertThat(anyEpcs(all)).doesNotContain(epc(4));
    assertThat(count(token, "EQ_bizStep=shipping")).isEqualTo(3);
    assertThat(count(token, "EQ_bizStep=urn:epcglobal:cbv:bizstep:packing")).isEqualTo(1);
    assertThat(count(token, "eventType=AggregationEvent")).isEqualTo(1);
    assertThat(count(token, "MATCH_epc=" + epc(1))).as("commissioned, packed").isEqualTo(2);
    assertThat(count(token, "MATCH_anyEPC=https://id.gs1.org/00/" + sscc))
        .as("packed into, shipped")
        .isEqualTo(2);
    assertThat(count(token, "MATCH_parentID=https://id.gs1.org/00/*")).isEqualTo(1);
    assertThat(count(token, "EQ_disposition=in_transit|active")).isEqualTo(7);
    assertThat(count(token, "GE_recordTime=2999-01-01T00:00:00Z")).isZero();
    assertThat(
            list(all.path("epcisBody").path("queryResults").path("resultsBody").path("eventList")))
        .allMatch(e -> e.hasNonNull("recordTime"));

    String otherPartner = createPartner(null, null, other, false);
    JsonNode theirs = query(partnerToken(otherPartner), "/epcis/events").getBody();
    assertThat(anyEpcs(theirs)).contains(epc(4)).doesNotContain(epc(1), epc(3), epc(5));
  }

  @Test
  void aShipmentIsNotServedWhileATransactionOlderThanItIsOpen() throws Exception {
    String name = createPartner(null, null, customer, false);
    String token = partnerToken(name);
    try (Connection older = jdbc.getDataSource().getConnection()) {
      older.setAutoCommit(false);
      older.createStatement().execute("SELECT 1"); // its transaction starts now

      ship(customer, null, List.of(), List.of(unit(1)));

      assertThat(count(token, "")).as("could still sort before a page given now").isZero();
      older.commit();
    }
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(count(token, "")).isEqualTo(2));
  }

  @Test
  void aBadQueryIsA400NamingTheParameterAndOnlyAPartnersTokenMayAsk() {
    String name = createPartner(null, null, customer, false);
    String token = partnerToken(name);

    ResponseEntity<JsonNode> unknown = query(token, "/epcis/events?EQ_colour=red");
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(unknown.getBody().path("type").asText())
        .isEqualTo("epcisException:QueryParameterException");
    assertThat(unknown.getBody().path("detail").asText()).contains("EQ_colour");
    assertThat(unknown.getBody().path("parameter").asText()).isEqualTo("EQ_colour");

    ResponseEntity<JsonNode> badTime = query(token, "/epcis/events?GE_eventTime=yesterday");
    assertThat(badTime.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(badTime.getBody().path("detail").asText()).contains("GE_eventTime", "yesterday");

    ResponseEntity<JsonNode> forged = query(token, "/epcis/events?nextPageToken=bm90LWEtdG9rZW4");
    assertThat(forged.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(forged.getBody().path("parameter").asText()).isEqualTo("nextPageToken");

    ResponseEntity<JsonNode> person = http.getForEntity("/epcis/events", JsonNode.class);
    assertThat(person.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    ResponseEntity<JsonNode> nobody = anonymous.getForEntity("/epcis/events", JsonNode.class);
    assertThat(nobody.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    ResponseEntity<JsonNode> elsewhere = query(token, "/api/units/" + unit(1));
    assertThat(elsewhere.getStatusCode())
        .as("a partner's token reads nothing of the plant's own API")
        .isEqualTo(HttpStatus.FORBIDDEN);

    JsonNode listed =
        http.getForObject("/api/admin/epcis-partners/" + name + "/tokens", JsonNode.class);
    assertThat(listed).hasSize(1);
    String id = listed.get(0).path("id").asText();
    assertThat(token).startsWith("ut_" + id + "_");
    assertThat(
            http.postForEntity("/api/admin/tokens/" + id + "/revoke", null, JsonNode.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(query(token, "/epcis/events").getStatusCode())
        .as("a revoked partner token")
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  // --- helpers

  private EpcisCaptureServer partnerServer(String bearer) throws IOException {
    EpcisCaptureServer s = new EpcisCaptureServer(bearer);
    servers.add(s);
    return s;
  }

  private String unit(int i) {
    return p + "-U" + i;
  }

  private String epc(int i) {
    return "urn:unitrace:unit:" + unit(i);
  }

  private Map<String, Object> definition(
      String captureUrl, String bearer, String customer, boolean push) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("captureUrl", captureUrl);
    d.put("auth", bearer == null ? "NONE" : "BEARER");
    d.put("secret", bearer);
    d.put("customers", List.of(customer));
    d.put("push", push);
    return d;
  }

  private String createPartner(String captureUrl, String bearer, String customer, boolean push) {
    String name = TestServers.unique("partner-");
    Map<String, Object> d = definition(captureUrl, bearer, customer, push);
    d.put("name", name);
    ResponseEntity<JsonNode> created =
        http.postForEntity("/api/admin/epcis-partners", d, JsonNode.class);
    assertThat(created.getStatusCode()).as(created.toString()).isEqualTo(HttpStatus.CREATED);
    assertThat(created.getBody().has("secret")).isFalse();
    return name;
  }

  private String partnerToken(String partner) {
    ResponseEntity<JsonNode> t =
        http.postForEntity(
            "/api/admin/epcis-partners/" + partner + "/tokens", Map.of(), JsonNode.class);
    assertThat(t.getStatusCode()).as(t.toString()).isEqualTo(HttpStatus.CREATED);
    return t.getBody().path("token").asText();
  }

  private long ship(String to, String sscc, List<String> packed, List<String> loose) {
    Map<String, Object> body = new HashMap<>();
    body.put("shipToCustomer", to);
    body.put("serials", loose);
    if (!packed.isEmpty()) {
      Map<String, Object> pk = new HashMap<>();
      pk.put("reference", "BOX1");
      pk.put("kind", "PACKAGE");
      pk.put("sscc", sscc);
      pk.put("serials", packed);
      body.put("packages", List.of(pk));
    }
    ResponseEntity<JsonNode> shipped = http.postForEntity("/api/shipments", body, JsonNode.class);
    assertThat(shipped.getStatusCode().is2xxSuccessful()).as(shipped.toString()).isTrue();
    return shipped.getBody().path("id").asLong();
  }

  private List<JsonNode> jobs(String partner) {
    return list(
        http.getForObject("/api/admin/epcis-partners/" + partner + "/jobs", JsonNode.class));
  }

  private JsonNode job(String partner, long shipment) {
    JsonNode listed =
        jobs(partner).stream()
            .filter(j -> j.path("shipmentId").asLong() == shipment)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no job for shipment " + shipment));
    return http.getForObject(
        "/api/admin/epcis-partners/" + partner + "/jobs/" + listed.path("id").asLong(),
        JsonNode.class);
  }

  private JsonNode awaitJob(String partner, long shipment, String state) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              last[0] = job(partner, shipment);
              assertThat(last[0].path("state").asText()).as(last[0].toString()).isEqualTo(state);
            });
    return last[0];
  }

  private ResponseEntity<JsonNode> query(String token, String pathAndQuery) {
    HttpHeaders h = new HttpHeaders();
    h.setBearerAuth(token);
    h.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON));
    String path = pathAndQuery.replaceFirst("^https?://[^/]+", "");
    return anonymous.exchange(path, HttpMethod.GET, new HttpEntity<>(h), JsonNode.class);
  }

  private int count(String token, String query) {
    ResponseEntity<JsonNode> r = query(token, "/epcis/events?perPage=1000&" + query);
    assertThat(r.getStatusCode()).as(r.toString()).isEqualTo(HttpStatus.OK);
    return eventIds(r.getBody()).size();
  }

  private static String next(ResponseEntity<JsonNode> page) {
    String link = page.getHeaders().getFirst(HttpHeaders.LINK);
    if (link == null) {
      return null;
    }
    assertThat(link).endsWith("; rel=\"next\"");
    return link.substring(link.indexOf('<') + 1, link.indexOf('>'));
  }

  private static List<String> eventIds(JsonNode doc) {
    return list(doc.path("epcisBody").path("queryResults").path("resultsBody").path("eventList"))
        .stream()
        .map(e -> e.path("eventID").asText())
        .toList();
  }

  private static List<String> anyEpcs(JsonNode doc) {
    List<String> out = new ArrayList<>();
    for (JsonNode e :
        list(doc.path("epcisBody").path("queryResults").path("resultsBody").path("eventList"))) {
      out.addAll(texts(e.path("epcList")));
      out.addAll(texts(e.path("childEPCs")));
    }
    return out;
  }

  private static JsonNode only(List<JsonNode> events, String type) {
    List<JsonNode> found =
        events.stream().filter(e -> type.equals(e.path("type").asText())).toList();
    assertThat(found).as(type).hasSize(1);
    return found.get(0);
  }

  private static List<JsonNode> list(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).toList();
  }

  private static List<String> texts(JsonNode array) {
    return list(array).stream().map(JsonNode::asText).toList();
  }

  /** A valid SSCC from 17 digits (left-padded), with its mod-10 check digit. */
  private static String sscc(String digits) {
    String d = ("00000000000000000" + digits.replaceAll("\\D", "")).substring(0);
    d = d.substring(d.length() - 17);
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      int n = d.charAt(16 - i) - '0';
      sum += n * (i % 2 == 0 ? 3 : 1);
    }
    return d + (10 - sum % 10) % 10;
  }
}
