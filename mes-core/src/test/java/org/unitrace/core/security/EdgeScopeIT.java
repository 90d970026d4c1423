package org.unitrace.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.unitrace.core.support.Rest.created;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventCodec;
import org.unitrace.contract.EventPayload.UnitStatus;
import org.unitrace.contract.EventPayload.UnitStatusChanged;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.MqttTestPublisher;
import org.unitrace.core.support.TestEvents;
import org.unitrace.core.support.TestServers;

/**
 * An edge identity (an edge token over HTTP, a line's topic over MQTT) affects only its own agents
 * and the units on, or handed to, its line; everything else is dead-lettered as spoofing. A hold
 * freezes the unit's status without losing what the line reports meanwhile.
 */
class EdgeScopeIT extends CoreITSupport {

  private final EventCodec codec = new EventCodec();

  private String l1;
  private String l2;
  private String l1Token;
  private String l2Token;
  private TestEvents atL1;
  private TestEvents atL2;
  private String l2Unit;

  @BeforeEach
  void twoLinesAndAHeldUnitOnL2() {
    l1 = TestServers.unique("L1");
    l2 = TestServers.unique("L2");
    l1Token = edgeToken(SITE, l1);
    l2Token = edgeToken(SITE, l2);
    atL1 = new TestEvents(SITE, l1, "edge-" + l1);
    atL2 = new TestEvents(SITE, l2, "edge-" + l2);
    l2Unit = "MOD" + l2;
    assertStored(postAs(l2Token, atL2.serialized(l2Unit, "MOD-5", "R-" + l2)));
    hold(l2Unit);
  }

  @Test
  void anL1TokenCannotCompleteOrBindIntoAHeldL2Unit() {
    Event completed = statusAt(l1, l2Unit, UnitStatus.COMPLETED, 1);
    Event fakeLot = atL1.boundLot(l2Unit, "CELL-3", "FAKE-LOT", "NOBODY");

    JsonNode answer = postAs(l1Token, completed, fakeLot);

    for (int i = 0; i < 2; i++) {
      assertThat(answer.get(i).path("status").asText()).isEqualTo("rejected");
      assertThat(answer.get(i).path("reason").asText())
          .startsWith("spoofing: unit " + l2Unit + " is on AKL/" + l2)
          .contains("agent edge-" + l1, "token 'edge-AKL-" + l1 + "' (AKL/" + l1 + ")");
    }
    assertThat(answer.get(0).path("path").asText()).isEqualTo("$.payload.serial");
    assertThat(answer.get(1).path("path").asText()).isEqualTo("$.payload.unitSerial");
    assertThat(deadLetterReason(completed)).startsWith("spoofing: unit " + l2Unit);
    assertThat(deadLetterReason(fakeLot)).startsWith("spoofing: unit " + l2Unit);
    assertThat(unitStatus(l2Unit)).isEqualTo("HELD");
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM unit_component WHERE unit_serial = ?", Integer.class, l2Unit))
        .isZero();
    assertThat(eventCount(completed) + eventCount(fakeLot)).isZero();

    release(l2Unit);
    assertThat(unitStatus(l2Unit)).isEqualTo("IN_PROCESS");
  }

  @Test
  void anL1TokenCannotSendAsL2sAgent() {
    Map<String, Object> before =
        jdbc.queryForMap(
            "SELECT site, line, last_seq, events_stored FROM agent WHERE agent_id = ?",
            "edge-" + l2);
    TestEvents posing = new TestEvents(SITE, l1, "edge-" + l2);
    posing.skip(5);
    Event event = posing.serialized("U" + l1, "CTRL-900", "R-" + l1);

    JsonNode answer = postAs(l1Token, event);

    assertThat(answer.get(0).path("status").asText()).isEqualTo("rejected");
    assertThat(answer.get(0).path("path").asText()).isEqualTo("$.agentId");
    assertThat(answer.get(0).path("reason").asText())
        .isEqualTo(
            "spoofing: agent edge-%s belongs to AKL/%s; token 'edge-AKL-%s' (AKL/%s) may not send as it for AKL/%s"
                .formatted(l2, l2, l1, l1, l1));
    assertThat(
            jdbc.queryForMap(
                "SELECT site, line, last_seq, events_stored FROM agent WHERE agent_id = ?",
                "edge-" + l2))
        .isEqualTo(before);
  }

  @Test
  void aLineWorksOnItsOwnUnitsAndOnUnitsHandedToIt() {
    String l2Module = "MOD2" + l2;
    assertStored(postAs(l2Token, atL2.serialized(l2Module, "MOD-5", "R-" + l2)));
    String controller = "CTRL" + l1;
    assertStored(
        postAs(
            l1Token,
            atL1.serialized(controller, "CTRL-900", "R-" + l1),
            atL1.boundSerial(controller, "MOD-5", l2Module),
            atL1.boundLot(controller, "HSG-7", "H-501", "CASEWORKS")));
    // the module is handed to L1 by the binding: L1 may now report on it, L2 no longer ...
    assertStored(
        postAs(l1Token, atL1.result(l2Module, org.unitrace.contract.EventPayload.Result.OK)));
    // ... a unit not known yet is taken (its serialization may come later) ...
    assertStored(postAs(l1Token, atL1.status("LATER" + l1, UnitStatus.IN_PROCESS)));
    // ... and the L1 unit stays out of L2's reach
    JsonNode refused = postAs(l2Token, atL2.status(controller, UnitStatus.SCRAPPED));
    assertThat(refused.get(0).path("reason").asText())
        .startsWith("spoofing: unit " + controller + " is on AKL/" + l1);
  }

  @Test
  void aProductionUserIsNotLineBound() {
    Event status = statusAt(l1, l2Unit, UnitStatus.REWORK, 1);
    assertStored(postAs(null, status));
    assertThat(unitStatus(l2Unit)).as("held: the status waits on the hold").isEqualTo("HELD");
    release(l2Unit);
    assertThat(unitStatus(l2Unit)).isEqualTo("REWORK");
  }

  @Test
  void overMqttTheTopicsLineBindsAgentsAndUnitsAlike() throws Exception {
    Event completed = atL1.status(l2Unit, UnitStatus.COMPLETED);
    Event fakeLot = atL1.boundLot(l2Unit, "CELL-3", "FAKE-LOT", "NOBODY");
    Event posing = new TestEvents(SITE, l1, "edge-" + l2).serialized("P" + l1, "CTRL-900", "R");
    Event own = atL1.serialized("OWN" + l1, "CTRL-900", "R-" + l1);
    try (var publisher = new MqttTestPublisher(TestServers.mqttUrl())) {
      publisher.publish(completed);
      publisher.publish(fakeLot);
      publisher.publish(posing);
      publisher.publish(own);
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> deadLetterReason(posing) != null);
    await().atMost(Duration.ofSeconds(20)).until(() -> eventCount(own) == 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> deadLetterReason(fakeLot) != null);
    assertThat(deadLetterReason(completed))
        .startsWith("spoofing: unit " + l2Unit + " is on AKL/" + l2)
        .contains("MQTT topic 'unitrace/v1/AKL/" + l1 + "/PACK/UnitStatusChanged'");
    assertThat(deadLetterReason(fakeLot)).startsWith("spoofing: unit " + l2Unit);
    assertThat(deadLetterReason(posing))
        .startsWith("spoofing: agent edge-" + l2 + " belongs to AKL/" + l2);
    assertThat(unitStatus(l2Unit)).isEqualTo("HELD");
    assertThat(
            jdbc.queryForObject(
                "SELECT line FROM agent WHERE agent_id = ?", String.class, "edge-" + l2))
        .isEqualTo(l2);
  }

  @Test
  void aHoldFreezesTheStatusAndReleaseBringsBackTheLatestReported() {
    Event completed = statusAt(l2, l2Unit, UnitStatus.COMPLETED, 1);
    assertStored(postAs(l2Token, completed));
    assertThat(unitStatus(l2Unit)).isEqualTo("HELD");

    // an earlier report arriving late does not replace the later one
    Event earlier = statusAt(l2, l2Unit, UnitStatus.REWORK, -60);
    assertStored(postAs(l2Token, earlier));
    assertThat(unitStatus(l2Unit)).isEqualTo("HELD");
    assertThat(
            jdbc.queryForObject(
                "SELECT previous_status FROM unit_hold WHERE unit_serial = ? AND released_at IS NULL",
                String.class,
                l2Unit))
        .isEqualTo("COMPLETED");

    release(l2Unit);
    assertThat(unitStatus(l2Unit)).isEqualTo("COMPLETED");

    // after the release, the latest report wins as before
    assertStored(postAs(l2Token, statusAt(l2, l2Unit, UnitStatus.SCRAPPED, 2)));
    assertThat(unitStatus(l2Unit)).isEqualTo("SCRAPPED");
  }

  /**
   * A status change reported {@code seconds} from now, so it is later than the hold (placed now),
   * as the line's report of a unit finishing while quality holds it would be.
   */
  private Event statusAt(String line, String serial, UnitStatus status, long seconds) {
    return new Event(
        UUID.randomUUID(),
        1,
        Instant.now().plusSeconds(seconds),
        SITE,
        line,
        "PACK",
        "edge-" + line,
        seq++,
        new UnitStatusChanged(serial, status, "reported"));
  }

  private long seq = 100_000;

  /** Posts as the edge token, or as the operator (production role) when the token is null. */
  private JsonNode postAs(String token, Event... events) {
    StringBuilder body = new StringBuilder("[");
    for (Event e : events) {
      body.append(body.length() > 1 ? "," : "").append(codec.encodeToString(e));
    }
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    if (token != null) {
      headers.setBearerAuth(token);
    }
    TestRestTemplate client = token == null ? http : anonymous;
    ResponseEntity<JsonNode> answer =
        client.postForEntity(
            "/api/events", new HttpEntity<>(body.append("]").toString(), headers), JsonNode.class);
    assertThat(answer.getStatusCode())
        .as(String.valueOf(answer.getBody()))
        .isEqualTo(HttpStatus.OK);
    return answer.getBody();
  }

  private static void assertStored(JsonNode answer) {
    for (JsonNode result : answer) {
      assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("stored");
    }
  }

  private void hold(String serial) {
    created(post("/api/units/" + serial + "/hold", Map.of("reason", "leak")));
  }

  private void release(String serial) {
    assertThat(post("/api/units/" + serial + "/release", Map.of("reason", "ok")).getStatusCode())
        .isEqualTo(HttpStatus.OK);
  }

  private String unitStatus(String serial) {
    return jdbc.queryForObject("SELECT status FROM unit WHERE serial = ?", String.class, serial);
  }

  private int eventCount(Event e) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM event WHERE event_id = ?", Integer.class, e.eventId());
  }
}
