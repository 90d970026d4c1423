package org.unitrace.core.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.unitrace.contract.Event;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.TestEvents;
import org.unitrace.core.support.TestServers;

/**
 * Holds, recalls and genealogy corrections through the API: each needs a reason, none rewrites
 * history, and each leaves the audit records a regulated plant must be able to show.
 */
class QualityActionsIT extends CoreITSupport {

  private String prefix;

  @BeforeEach
  void aSmallPlantHistory() {
    prefix = TestServers.unique("Q");
    TestEvents e = new TestEvents(SITE, prefix, "edge-" + prefix);
    List<Event> history = new ArrayList<>();
    history.add(e.serialized(prefix + "-SUB", "PUMP-100", "RUN-" + prefix));
    history.add(e.boundLot(prefix + "-SUB", "SEAL-3", prefix + "-LOT", "Acme"));
    history.add(e.serialized(prefix + "-TOP1", "CTRL-900", "RUN-" + prefix));
    history.add(e.boundSerial(prefix + "-TOP1", "PUMP-100", prefix + "-SUB"));
    history.add(e.boundSerial(prefix + "-TOP1", "PCB-12", prefix + "-PCB-WRONG"));
    history.add(e.serialized(prefix + "-TOP2", "CTRL-900", "RUN-" + prefix));
    history.add(e.boundLot(prefix + "-TOP2", "SEAL-3", prefix + "-LOT", "Acme"));
    postStored(history);
  }

  @Test
  void holdingAndReleasingAUnitNeedsAReasonAndIsAudited() {
    String unit = prefix + "-TOP1";
    ResponseEntity<JsonNode> noReason = post("/api/units/" + unit + "/hold", Map.of("reason", " "));
    assertThat(noReason.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(noReason.getBody().path("detail").asText()).contains("a reason is required");

    assertThat(
            post("/api/units/" + unit + "/hold", Map.of("reason", "leak at test")).getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    assertThat(status(unit)).isEqualTo("HELD");
    assertThat(post("/api/units/" + unit + "/hold", Map.of("reason", "again")).getStatusCode())
        .isEqualTo(HttpStatus.CONFLICT);
    assertThat(
            post("/api/units/" + unit + "/release", Map.of("reason", "retested OK"))
                .getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(status(unit)).isEqualTo("IN_PROCESS");

    JsonNode audit =
        http.getForObject("/api/audit?entityType=unit&entityId=" + unit, JsonNode.class);
    assertThat(audit)
        .extracting(r -> r.path("action").asText() + ":" + r.path("reason").asText())
        .containsExactly("unit.release:retested OK", "unit.hold:leak at test");
    assertThat(audit.get(0).path("actor").asText()).isEqualTo(OPERATOR);
  }

  @Test
  void aRecallFromALotFindsEveryUnitHoldsTheTopLevelOnesAndClosingReleasesThem() {
    ResponseEntity<JsonNode> created =
        post(
            "/api/recalls",
            Map.of(
                "title", "Seal lot leak",
                "reason", "supplier reported porosity in the lot",
                "partNumber", "SEAL-3",
                "lot", prefix + "-LOT",
                "hold", true));
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    JsonNode recall = created.getBody();
    List<String> units = new ArrayList<>();
    recall.path("units").forEach(u -> units.add(u.path("unitSerial").asText()));
    assertThat(units)
        .containsExactlyInAnyOrder(prefix + "-SUB", prefix + "-TOP1", prefix + "-TOP2");
    assertThat(status(prefix + "-TOP1")).isEqualTo("HELD");
    assertThat(status(prefix + "-TOP2")).isEqualTo("HELD");
    assertThat(status(prefix + "-SUB")).isEqualTo("IN_PROCESS"); // inside TOP1, held with it

    long id = recall.path("recall").path("id").asLong();
    assertThat(post("/api/recalls/" + id + "/close", Map.of()).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(
            post("/api/recalls/" + id + "/close", Map.of("reason", "all units reworked"))
                .getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(post("/api/recalls/" + id + "/close", Map.of("reason", "again")).getStatusCode())
        .isEqualTo(HttpStatus.CONFLICT);

    JsonNode audit =
        http.getForObject("/api/audit?entityType=recall&entityId=" + id, JsonNode.class);
    assertThat(audit)
        .extracting(r -> r.path("action").asText())
        .containsExactly("recall.close", "recall.release", "recall.hold", "recall.create");
    assertThat(audit.get(0).path("reason").asText()).isEqualTo("all units reworked");
    assertThat(audit.get(0).path("before").path("status").asText()).isEqualTo("OPEN");
    assertThat(audit.get(0).path("after").path("status").asText()).isEqualTo("CLOSED");
    assertThat(audit.get(3).path("reason").asText())
        .isEqualTo("supplier reported porosity in the lot");
    assertThat(status(prefix + "-TOP1")).isEqualTo("IN_PROCESS"); // closing released its holds
    assertThat(status(prefix + "-TOP2")).isEqualTo("IN_PROCESS");
  }

  @Test
  void aGenealogyCorrectionKeepsTheWrongBindingAsHistoryAndReferencesIt() {
    String unit = prefix + "-TOP1";
    long wrongEdge = -1;
    for (JsonNode c :
        http.getForObject("/api/units/" + unit + "/genealogy", JsonNode.class).path("components")) {
      if (c.path("componentSerial").asText().equals(prefix + "-PCB-WRONG")) {
        wrongEdge = c.path("edgeId").asLong();
      }
    }
    ResponseEntity<JsonNode> unbind =
        post(
            "/api/units/" + unit + "/corrections",
            Map.of(
                "action",
                "unbind",
                "edgeId",
                wrongEdge,
                "reason",
                "scanner read the neighbour's PCB"));
    assertThat(unbind.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    long correction = unbind.getBody().path("id").asLong();
    ResponseEntity<JsonNode> bind =
        post(
            "/api/units/" + unit + "/corrections",
            Map.of(
                "action", "bind",
                "partNumber", "PCB-12",
                "componentSerial", prefix + "-PCB-RIGHT",
                "reason", "the PCB actually fitted, per the traveller"));
    assertThat(bind.getStatusCode()).isEqualTo(HttpStatus.CREATED);

    JsonNode tree = http.getForObject("/api/units/" + unit + "/genealogy", JsonNode.class);
    assertThat(tree.path("removed").get(0).path("componentSerial").asText())
        .isEqualTo(prefix + "-PCB-WRONG");
    assertThat(tree.path("removed").get(0).path("correctionId").asLong()).isEqualTo(correction);
    assertThat(tree.path("removed").get(0).path("unbindReason").asText())
        .contains("correction #" + correction);
    assertThat(tree.path("components").toString()).contains(prefix + "-PCB-RIGHT");

    JsonNode audit =
        http.getForObject("/api/audit?action=genealogy.correct&entityId=" + unit, JsonNode.class);
    assertThat(audit).hasSize(2);
    JsonNode unboundBefore = audit.get(1).path("before").path("unbound_at");
    assertThat(unboundBefore.isMissingNode() || unboundBefore.isNull()).isTrue();
    assertThat(audit.get(1).path("after").path("unbound_at").isTextual()).isTrue();
    assertThat(audit.get(1).path("after").path("correction_id").asLong()).isEqualTo(correction);
    assertThat(audit.get(1).path("reason").asText()).isEqualTo("scanner read the neighbour's PCB");

    assertThat(
            post(
                    "/api/units/" + unit + "/corrections",
                    Map.of("action", "unbind", "edgeId", wrongEdge, "reason", "twice"))
                .getStatusCode())
        .isEqualTo(HttpStatus.CONFLICT);
  }

  @Test
  void aViewerMayLookButNotHoldRecallOrCorrect() {
    var viewer = newUser("q-viewer-" + prefix, "correct horse battery", "viewer");
    assertThat(
            viewer
                .postForEntity(
                    "/api/units/" + prefix + "-TOP1/hold", Map.of("reason", "x"), String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(
            viewer
                .postForEntity("/api/recalls", Map.of("title", "x", "reason", "x"), String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(viewer.getForEntity("/api/recalls", String.class).getStatusCode())
        .isEqualTo(HttpStatus.OK);
  }

  private String status(String serial) {
    return http.getForObject("/api/units/" + serial, JsonNode.class).path("status").asText();
  }
}
