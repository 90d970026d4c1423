package org.unitrace.core.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unitrace.core.support.Bodies.bomLine;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventPayload;
import org.unitrace.contract.EventPayload.ComponentBound;
import org.unitrace.core.support.Bodies;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.TestEvents;
import org.unitrace.core.support.TestServers;

/**
 * Each integrity flag raised by real events posted to the core and checked against a BOM in the
 * real PostgreSQL: the event is stored either way, the exception is listed for quality review and
 * resolved with an audited reason.
 */
class IntegrityIT extends CoreITSupport {

  private String p;
  private String product;
  private TestEvents events;

  /** A controller: a PCB (or its alternate) at P1, a pump sub-assembly at P2, seals at P3. */
  @BeforeEach
  void aProductWithABom() {
    p = TestServers.unique("I");
    product = p + "-CTRL";
    events = new TestEvents(SITE, p, "edge-" + p);
    Map<String, Object> bom =
        Bodies.bom(
            bomLine(
                "P1", "PCB-12", "SERIAL", "alternates", List.of(Map.of("partNumber", "PCB-12B"))),
            bomLine("P2", "PUMP-100", "SERIAL"),
            bomLine("P3", "SEAL-3", "LOT", "quantity", 2));
    ResponseEntity<JsonNode> put =
        http.exchange(
            "/api/products/" + product + "/revisions/A",
            HttpMethod.PUT,
            new HttpEntity<>(bom),
            JsonNode.class);
    assertThat(put.getStatusCode()).as(String.valueOf(put.getBody())).isEqualTo(HttpStatus.OK);
  }

  @Test
  void aPartNotInTheBomIsStoredAndFlaggedWrongPartButAnAlternateIsNot() {
    String unit = p + "-U1";
    // bound before the unit is serialized: checked when the serialization arrives
    post(bound(unit, "FUSE-9", p + "-F1", null));
    assertThat(exceptions("serial=" + unit)).isEmpty();
    post(
        events.serialized(unit, product, "RUN-" + p),
        bound(unit, "PCB-12B", p + "-PCB1", "P1"),
        bound(unit, "DISPLAY-5", p + "-D1", "P2"));

    List<JsonNode> flags = exceptions("kind=WRONG_PART&serial=" + unit);
    assertThat(flags)
        .extracting(f -> f.path("componentPart").asText())
        .containsExactlyInAnyOrder("FUSE-9", "DISPLAY-5");
    JsonNode display =
        flags.stream()
            .filter(f -> f.path("componentPart").asText().equals("DISPLAY-5"))
            .findFirst()
            .orElseThrow();
    assertThat(display.path("kind").asText()).isEqualTo("WRONG_PART");
    assertThat(display.path("position").asText()).isEqualTo("P2");
    assertThat(display.path("componentSerial").asText()).isEqualTo(p + "-D1");
    assertThat(display.path("detail").asText())
        .contains("DISPLAY-5", "position P2", product + " revision A");
    assertThat(display.path("resolvedAt").isMissingNode()).isTrue();

    JsonNode genealogy = http.getForObject("/api/units/" + unit + "/genealogy", JsonNode.class);
    assertThat(genealogy.path("components").toString()).contains(p + "-D1", p + "-F1");
  }

  @Test
  void aSerialBoundToASecondUnitWhileStillInTheFirstIsFlaggedDoubleConsumptionOnce() {
    String pcb = p + "-PCB-SHARED";
    String reworked = p + "-PCB-MOVED";
    post(
        events.serialized(p + "-U1", product, "RUN-" + p),
        events.serialized(p + "-U2", product, "RUN-" + p),
        events.serialized(p + "-U3", product, "RUN-" + p),
        bound(p + "-U1", "PCB-12", pcb, "P1"),
        bound(p + "-U1", "PCB-12", reworked, "P1"),
        events.unboundSerial(p + "-U1", "PCB-12", reworked, "moved in rework"),
        bound(p + "-U3", "PCB-12", reworked, "P1"));
    post(bound(p + "-U2", "PCB-12", pcb, "P1"));

    List<JsonNode> flags = exceptions("kind=DOUBLE_CONSUMPTION");
    List<JsonNode> mine =
        flags.stream().filter(f -> f.path("serial").asText().startsWith(p)).toList();
    assertThat(mine).hasSize(1);
    JsonNode flag = mine.get(0);
    assertThat(flag.path("serial").asText()).isEqualTo(p + "-U2");
    assertThat(flag.path("otherSerial").asText()).isEqualTo(p + "-U1");
    assertThat(flag.path("componentSerial").asText()).isEqualTo(pcb);
    assertThat(flag.path("detail").asText()).contains(pcb, "still bound to " + p + "-U1");
  }

  @Test
  void aUnitCompletedWithARequiredPositionEmptyIsFlaggedIncompleteAndAFullOneIsNot() {
    String full = p + "-FULL";
    String partial = p + "-PART";
    post(
        events.serialized(full, product, "RUN-" + p),
        bound(full, "PCB-12", p + "-PCB1", null),
        bound(full, "PUMP-100", p + "-PUMP1", "P2"),
        events.boundLot(full, "SEAL-3", p + "-LOT", "Acme"),
        events.status(full, EventPayload.UnitStatus.COMPLETED),
        events.serialized(partial, product, "RUN-" + p),
        bound(partial, "PCB-12", p + "-PCB2", "P1"),
        events.status(partial, EventPayload.UnitStatus.COMPLETED));

    assertThat(exceptions("serial=" + full)).isEmpty();
    List<JsonNode> flags = exceptions("kind=INCOMPLETE&open=true&serial=" + partial);
    assertThat(flags)
        .extracting(f -> f.path("position").asText())
        .containsExactlyInAnyOrder("P2", "P3");
    assertThat(flags.get(0).path("detail").asText()).contains(partial, "unfilled");

    // the bindings arrive after the completion: the system closes what they fill, saying so
    post(bound(partial, "PUMP-100", p + "-PUMP2", "P2"));
    assertThat(exceptions("kind=INCOMPLETE&open=true&serial=" + partial))
        .extracting(f -> f.path("position").asText())
        .containsExactly("P3");
    JsonNode closed = exceptions("kind=INCOMPLETE&open=false&serial=" + partial).get(0);
    assertThat(closed.path("position").asText()).isEqualTo("P2");
    assertThat(closed.path("resolvedBy").asText()).isEqualTo("system");
    assertThat(closed.path("resolution").asText()).contains("arrived after the completion");
  }

  @Test
  void resolvingAnExceptionNeedsAReasonIsAuditedAndHappensOnce() {
    String unit = p + "-U9";
    post(events.serialized(unit, product, "RUN-" + p), bound(unit, "FUSE-9", p + "-F9", null));
    long id = exceptions("kind=WRONG_PART&serial=" + unit).get(0).path("id").asLong();

    assertThat(resolve(id, " ").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    ResponseEntity<JsonNode> resolved = resolve(id, "engineering approved FUSE-9 as a deviation");
    assertThat(resolved.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(resolved.getBody().path("resolvedBy").asText()).isEqualTo(OPERATOR);
    assertThat(resolve(id, "again").getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(exceptions("open=true&serial=" + unit)).isEmpty();
    assertThat(exceptions("open=false&serial=" + unit)).hasSize(1);

    JsonNode audit =
        http.getForObject(
            "/api/audit?entityType=integrity_exception&entityId=" + id, JsonNode.class);
    assertThat(audit).hasSize(1);
    assertThat(audit.get(0).path("action").asText()).isEqualTo("exception.resolve");
    assertThat(audit.get(0).path("reason").asText())
        .isEqualTo("engineering approved FUSE-9 as a deviation");
    assertThat(
            http.getForEntity("/api/exceptions?kind=NOPE", JsonNode.class)
                .getBody()
                .path("detail")
                .asText())
        .contains("WRONG_PART");
  }

  private Event bound(String unit, String partNumber, String serial, String position) {
    return events.at(
        "ASSY", new ComponentBound(unit, partNumber, serial, null, null, BigDecimal.ONE, position));
  }

  private ResponseEntity<JsonNode> resolve(long id, String reason) {
    return http.postForEntity(
        "/api/exceptions/" + id + "/resolve", Map.of("reason", reason), JsonNode.class);
  }

  private List<JsonNode> exceptions(String query) {
    ResponseEntity<JsonNode> answer = http.getForEntity("/api/exceptions?" + query, JsonNode.class);
    assertThat(answer.getStatusCode())
        .as(String.valueOf(answer.getBody()))
        .isEqualTo(HttpStatus.OK);
    List<JsonNode> list = new ArrayList<>();
    answer.getBody().forEach(list::add);
    return list;
  }

  private void post(Event... batch) {
    postStored(List.of(batch));
  }
}
