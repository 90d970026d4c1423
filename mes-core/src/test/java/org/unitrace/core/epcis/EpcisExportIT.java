package org.unitrace.core.epcis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unitrace.core.support.Rest.created;
import static org.unitrace.core.support.Rest.ok;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventPayload;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.TestEvents;
import org.unitrace.core.support.TestServers;

/**
 * A unit's history exported as EPCIS 2.0 is valid against the official GS1 schema and says what
 * happened: which unit was commissioned, exactly what went into it, how it tested, that it shipped.
 */
class EpcisExportIT extends CoreITSupport {

  private final EpcisValidator validator = new EpcisValidator();
  private String p;

  /**
   * A plain unit (a PCB and a seal lot, tested NOK then OK) and a top unit holding a pump which
   * holds a motor which holds a rotor lot: two sub-assembly levels. The pump's first seal is
   * swapped out in rework.
   */
  @BeforeEach
  void aPlantHistory() {
    p = TestServers.unique("E");
    TestEvents e = new TestEvents(SITE, p, "edge-" + p);
    List<Event> h = new ArrayList<>();
    h.add(e.serialized(p + "-PLAIN", "CTRL-900", "RUN-" + p));
    h.add(e.boundSerial(p + "-PLAIN", "PCB-12", p + "-PCB1"));
    h.add(e.boundLot(p + "-PLAIN", "SEAL-3", p + "-LOT1", "Acme"));
    h.add(e.result(p + "-PLAIN", EventPayload.Result.NOK));
    h.add(e.result(p + "-PLAIN", EventPayload.Result.OK));
    h.add(e.status(p + "-PLAIN", EventPayload.UnitStatus.COMPLETED));
    h.add(e.serialized(p + "-MOTOR", "MOTOR-5", "RUN-" + p));
    h.add(e.boundLot(p + "-MOTOR", "ROTOR-1", p + "-LOT2", "Rotex"));
    h.add(e.serialized(p + "-PUMP", "PUMP-100", "RUN-" + p));
    h.add(e.boundSerial(p + "-PUMP", "MOTOR-5", p + "-MOTOR"));
    h.add(e.boundSerial(p + "-PUMP", "SEAL-9", p + "-SEAL-A"));
    h.add(e.unboundSerial(p + "-PUMP", "SEAL-9", p + "-SEAL-A", "leak"));
    h.add(e.boundSerial(p + "-PUMP", "SEAL-9", p + "-SEAL-B"));
    h.add(e.serialized(p + "-TOP", "CTRL-900", "RUN-" + p));
    h.add(e.boundSerial(p + "-TOP", "PUMP-100", p + "-PUMP"));
    h.add(e.boundLot(p + "-TOP", "SEAL-3", p + "-LOT1", "Acme"));
    h.add(e.result(p + "-TOP", EventPayload.Result.OK));
    postStored(h);
  }

  @Test
  void aUnitWithoutSubAssembliesIsValidEpcisNamingItsCommissioningInputsResultsAndShipment() {
    String customer = "C-" + p;
    created(post("/api/customers", Map.of("reference", customer, "name", "Kiwi")));
    JsonNode shipped =
        ok(
            post(
                "/api/shipments",
                Map.of("shipToCustomer", customer, "serials", List.of(p + "-PLAIN"))));

    JsonNode doc = epcis(p + "-PLAIN");

    assertThat(validator.violations(doc)).isEmpty();
    assertThat(doc.path("@context").get(0).asText())
        .isEqualTo("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld");
    assertThat(doc.path("schemaVersion").asText()).isEqualTo("2.0");
    String epc = "urn:unitrace:unit:" + p + "-PLAIN";
    JsonNode commissioning = only(doc, "commissioning");
    assertThat(commissioning.path("type").asText()).isEqualTo("ObjectEvent");
    assertThat(commissioning.path("action").asText()).isEqualTo("ADD");
    assertThat(commissioning.path("disposition").asText()).isEqualTo("active");
    assertThat(texts(commissioning.path("epcList"))).containsExactly(epc);
    assertThat(commissioning.path("eventID").asText()).startsWith("urn:uuid:");
    assertThat(inputsOf(doc, epc))
        .containsExactlyInAnyOrder(
            "urn:unitrace:unit:" + p + "-PCB1", "urn:unitrace:lot:SEAL-3:" + p + "-LOT1");
    assertThat(events(doc, "inspecting"))
        .extracting(r -> r.path("disposition").asText())
        .containsExactly("non_conformant", "conformant");
    assertThat(events(doc, "inspecting").get(0).path("readPoint").path("id").asText())
        .isEqualTo("urn:unitrace:loc:" + SITE + ":" + p + ":TEST");
    JsonNode shipping = only(doc, "shipping");
    assertThat(shipping.path("disposition").asText()).isEqualTo("in_transit");
    assertThat(texts(shipping.path("epcList"))).containsExactly(epc);
  }

  @Test
  void aUnitWithATwoLevelSubAssemblyTreeIsValidAndEachLevelNamesItsOwnInputs() {
    JsonNode top = epcis(p + "-TOP");
    JsonNode pump = epcis(p + "-PUMP");
    JsonNode motor = epcis(p + "-MOTOR");

    assertThat(validator.violations(top)).isEmpty();
    assertThat(validator.violations(pump)).isEmpty();
    assertThat(validator.violations(motor)).isEmpty();
    String pumpEpc = "urn:unitrace:unit:" + p + "-PUMP";
    assertThat(inputsOf(top, "urn:unitrace:unit:" + p + "-TOP"))
        .containsExactlyInAnyOrder(pumpEpc, "urn:unitrace:lot:SEAL-3:" + p + "-LOT1");
    assertThat(inputsOf(pump, pumpEpc))
        .containsExactlyInAnyOrder(
            "urn:unitrace:unit:" + p + "-MOTOR",
            "urn:unitrace:unit:" + p + "-SEAL-A",
            "urn:unitrace:unit:" + p + "-SEAL-B");
    JsonNode rework = only(pump, "repairing");
    assertThat(texts(rework.path("epcList")))
        .containsExactly(pumpEpc, "urn:unitrace:unit:" + p + "-SEAL-A");
    assertThat(inputsOf(motor, "urn:unitrace:unit:" + p + "-MOTOR"))
        .containsExactly("urn:unitrace:lot:ROTOR-1:" + p + "-LOT2");
    assertThat(only(top, "inspecting").path("disposition").asText()).isEqualTo("conformant");
    // the pump's own export also shows it going into the top unit
    assertThat(inputsOf(pump, "urn:unitrace:unit:" + p + "-TOP")).contains(pumpEpc);
  }

  @Test
  void theEventQueryFindsALotsAssemblyEventsAcrossUnitsAndIsValid() {
    JsonNode doc =
        http.getForObject(
            "/api/epcis/events?lot=" + p + "-LOT1&bizStep=assembling&limit=10", JsonNode.class);

    assertThat(validator.violations(doc)).isEmpty();
    assertThat(events(doc, "assembling"))
        .extracting(ev -> ev.path("outputEPCList").get(0).asText())
        .containsExactly("urn:unitrace:unit:" + p + "-PLAIN", "urn:unitrace:unit:" + p + "-TOP");
    JsonNode limited =
        http.getForObject("/api/epcis/events?line=" + p + "&limit=3", JsonNode.class);
    assertThat(limited.path("epcisBody").path("eventList")).hasSize(3);
  }

  @Test
  void aUnitShippedToAnotherSiteAndReceivedThereHasAShippingAndAReceivingEvent() {
    String site = p + "-WLG";
    created(post("/api/locations", Map.of("code", site, "kind", "SITE")));
    JsonNode shipped =
        ok(post("/api/shipments", Map.of("shipToLocation", site, "serials", List.of(p + "-TOP"))));
    ResponseEntity<JsonNode> received =
        http.postForEntity(
            "/api/shipments/" + shipped.path("id").asLong() + "/receive", Map.of(), JsonNode.class);
    assertThat(received.getStatusCode().is2xxSuccessful()).as(received.toString()).isTrue();

    JsonNode doc = epcis(p + "-TOP");

    assertThat(validator.violations(doc)).isEmpty();
    assertThat(only(doc, "shipping").path("disposition").asText()).isEqualTo("in_transit");
    JsonNode receiving = only(doc, "receiving");
    assertThat(receiving.path("bizLocation").path("id").asText())
        .isEqualTo("urn:unitrace:location:" + p + "-WLG");
    assertThat(texts(receiving.path("epcList"))).containsExactly("urn:unitrace:unit:" + p + "-TOP");
  }

  @Test
  void unitsAndLotsOfProductsWithAGtinAreSgtinsAndLgtinsAsDigitalLinks() {
    String product = "GT-" + p;
    String lotPart = "GL-" + p;
    created(post("/api/products", Map.of("partNumber", product, "gtin", "9506000134352")));
    created(post("/api/products", Map.of("partNumber", lotPart, "gtin", "09506000134369")));
    TestEvents e = new TestEvents(SITE, p, "edge-g-" + p);
    String unit = p + "-G1";
    postStored(
        List.of(
            e.serialized(unit, product, "RUN-G" + p),
            e.boundLot(unit, lotPart, "L-" + p, "Acme"),
            e.boundSerial(unit, "PCB-12", p + "-GPCB")));

    JsonNode doc = epcis(unit);

    assertThat(validator.violations(doc)).isEmpty();
    String sgtin = "https://id.gs1.org/01/09506000134352/21/" + unit;
    assertThat(texts(only(doc, "commissioning").path("epcList"))).containsExactly(sgtin);
    // the lot of a part with a GTIN is an LGTIN; a component serial of a part without one keeps
    // the plant URN
    assertThat(inputsOf(doc, sgtin))
        .containsExactlyInAnyOrder(
            "https://id.gs1.org/01/09506000134369/10/L-" + p, "urn:unitrace:unit:" + p + "-GPCB");
  }

  @Test
  void aLimitOutOfRangeIsA400SayingSo() {
    ResponseEntity<JsonNode> r = http.getForEntity("/api/epcis/events?limit=0", JsonNode.class);

    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(r.getBody().path("detail").asText()).contains("limit", "was 0");
  }

  @Test
  void anUnknownSerialIsA404ProblemNamingIt() {
    ResponseEntity<JsonNode> missing =
        http.getForEntity("/api/units/" + p + "-NOPE/epcis", JsonNode.class);

    assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(missing.getBody().path("detail").asText()).contains(p + "-NOPE");
  }

  private JsonNode epcis(String serial) {
    ResponseEntity<JsonNode> r =
        http.getForEntity("/api/units/" + serial + "/epcis", JsonNode.class);
    assertThat(r.getStatusCode()).as(r.toString()).isEqualTo(HttpStatus.OK);
    return r.getBody();
  }

  private static List<JsonNode> events(JsonNode doc, String bizStep) {
    return StreamSupport.stream(doc.path("epcisBody").path("eventList").spliterator(), false)
        .filter(e -> bizStep.equals(e.path("bizStep").asText()))
        .toList();
  }

  private static JsonNode only(JsonNode doc, String bizStep) {
    List<JsonNode> found = events(doc, bizStep);
    assertThat(found).as("events with bizStep " + bizStep).hasSize(1);
    return found.get(0);
  }

  /** Every input (serial or lot class) of the assembly events whose output is {@code epc}. */
  private static List<String> inputsOf(JsonNode doc, String epc) {
    List<String> inputs = new ArrayList<>();
    for (JsonNode e : events(doc, "assembling")) {
      if (!texts(e.path("outputEPCList")).contains(epc)) {
        continue;
      }
      assertThat(e.path("type").asText()).isEqualTo("TransformationEvent");
      inputs.addAll(texts(e.path("inputEPCList")));
      e.path("inputQuantityList").forEach(q -> inputs.add(q.path("epcClass").asText()));
    }
    return inputs;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
