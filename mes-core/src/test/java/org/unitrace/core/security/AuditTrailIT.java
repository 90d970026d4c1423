package org.unitrace.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.TestEvents;
import org.unitrace.core.support.TestServers;

/**
 * Writes through the API leave audit records (who, what, before and after), readable by admin and
 * quality, and no one changes or deletes them through the API.
 */
class AuditTrailIT extends CoreITSupport {

  @Test
  void editingAStationRecordsWhoChangedWhatFromWhatToWhat() {
    String line = TestServers.unique("L");
    TestEvents events = new TestEvents(SITE, line, "edge-" + line);
    postStored(List.of(events.serialized("AUD-1", "CTRL-900", "RUN-A")));
    http.put(
        "/api/stations/" + SITE + "/" + line + "/MARK",
        Map.of("name", "Marker 2", "kind", "marking"));

    JsonNode records =
        http.getForObject(
            "/api/audit?entityType=station&entityId=" + SITE + "/" + line + "/MARK",
            JsonNode.class);
    assertThat(records).hasSize(1);
    JsonNode r = records.get(0);
    assertThat(r.path("actor").asText()).isEqualTo(OPERATOR);
    assertThat(r.path("action").asText()).isEqualTo("station.update");
    assertThat(
            r.path("before").path("name").isMissingNode() || r.path("before").path("name").isNull())
        .isTrue();
    assertThat(r.path("after").path("name").asText()).isEqualTo("Marker 2");

    JsonNode posted =
        http.getForObject("/api/audit?action=events.post&actor=" + OPERATOR, JsonNode.class);
    assertThat(posted.get(0).path("after").path("stored").asInt()).isEqualTo(1);
    assertThat(posted.get(0).path("after").path("storedEventIds")).hasSize(1);
  }

  @Test
  void creatingAndRevokingATokenIsAuditedWithoutItsSecret() {
    JsonNode created =
        http.postForObject(
            "/api/admin/tokens", Map.of("name", "erp", "roles", List.of("viewer")), JsonNode.class);
    String id = created.path("id").asText();
    String secret = created.path("token").asText();
    http.postForEntity("/api/admin/tokens/" + id + "/revoke", null, JsonNode.class);
    JsonNode records =
        http.getForObject("/api/audit?entityType=token&entityId=" + id, JsonNode.class);
    assertThat(records)
        .extracting(r -> r.path("action").asText())
        .containsExactly("token.revoke", "token.create");
    // ut_<id>_<secret>: the secret is base64url and may itself hold '_'
    assertThat(records.toString()).doesNotContain(secret.substring(("ut_" + id + "_").length()));
    assertThat(records.get(0).path("before").path("revokedAt").isMissingNode()).isTrue();
    assertThat(records.get(0).path("after").path("revokedBy").asText()).isEqualTo(OPERATOR);
  }

  @Test
  void theFirstAdminIsAuditedAsCreatedByTheSystem() {
    JsonNode records =
        http.getForObject("/api/audit?entityType=user&entityId=admin", JsonNode.class);
    assertThat(records.get(records.size() - 1).path("actorKind").asText()).isEqualTo("system");
  }

  @Test
  void auditRecordsCannotBeChangedOrDeletedThroughTheApi() {
    JsonNode any = http.getForObject("/api/audit?limit=1", JsonNode.class).get(0);
    String path = "/api/audit/" + any.path("id").asText();
    for (HttpMethod method : List.of(HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE)) {
      var answer =
          http.exchange(
              path, method, new HttpEntity<>("{\"actor\":\"nobody\"}", json()), JsonNode.class);
      assertThat(answer.getStatusCode()).as(method.name()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
    }
    assertThat(http.getForObject(path, JsonNode.class).path("actor").asText())
        .isEqualTo(any.path("actor").asText());
  }

  @Test
  void onlyAdminAndQualityReadTheAuditTrail() {
    TestRestTemplate viewer = newUser("aud-viewer", "correct horse battery", "viewer");
    TestRestTemplate quality = newUser("aud-quality", "correct horse battery", "quality");
    assertThat(viewer.getForEntity("/api/audit", String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(quality.getForEntity("/api/audit", String.class).getStatusCode())
        .isEqualTo(HttpStatus.OK);
  }

  private static org.springframework.http.HttpHeaders json() {
    var headers = new org.springframework.http.HttpHeaders();
    headers.setContentType(org.springframework.http.MediaType.APPLICATION_JSON);
    return headers;
  }
}
