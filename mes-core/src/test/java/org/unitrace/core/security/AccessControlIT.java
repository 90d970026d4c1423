package org.unitrace.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.unitrace.contract.EventCodec;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.TestEvents;

/**
 * Each role against each endpoint family: allowed what it should be, refused (403) what it should
 * not; no credentials or bad ones are a 401; expired and revoked tokens are refused; an edge
 * agent's token speaks for its own line only.
 */
@org.springframework.test.context.TestPropertySource(
    properties = "unitrace.http.max-body-bytes=1048576")
class AccessControlIT extends CoreITSupport {

  private static final String PASSWORD = "correct horse battery staple";
  private static final List<String> PEOPLE =
      List.of("viewer", "production", "quality", "logistics", "service");

  @Autowired SecurityProperties security;
  @Autowired PasswordEncoder passwords;

  private final EventCodec codec = new EventCodec();
  private String edgeToken;

  @BeforeEach
  void peopleAndAnAgent() {
    for (String role : PEOPLE) {
      if (jdbc.queryForObject(
              "SELECT count(*) FROM app_user WHERE username = ?", Integer.class, role)
          == 0) {
        newUser(role, PASSWORD, role);
      }
    }
    edgeToken = edgeToken("AKL", "L1");
  }

  @Test
  void readingUnitsGenealogyRunsAndIngestionStateIsForEveryPersonButNotForAgents() {
    for (String path :
        List.of(
            "/api/units/X/genealogy",
            "/api/trace/where-used?componentSerial=X",
            "/api/runs/R",
            "/api/dead-letters",
            "/api/dead-letters/1/payload",
            "/api/agents",
            "/api/stations",
            "/actuator/metrics")) {
      for (String role : List.of("viewer", "production", "quality", "logistics", "admin")) {
        assertThat(status(as(role), HttpMethod.GET, path, null))
            .as(role + " GET " + path)
            .isNotIn(401, 403);
      }
      assertThat(status(bearer(edgeToken), HttpMethod.GET, path, null))
          .as("edge GET " + path)
          .isEqualTo(403);
      assertThat(status(anonymous, HttpMethod.GET, path, null))
          .as("anonymous GET " + path)
          .isEqualTo(401);
    }
  }

  @Test
  void postingEventsIsForAgentsAndProductionOnly() {
    String body = "[]";
    assertThat(status(bearer(edgeToken), HttpMethod.POST, "/api/events", body)).isEqualTo(200);
    assertThat(status(as("production"), HttpMethod.POST, "/api/events", body)).isEqualTo(200);
    for (String role : List.of("viewer", "quality", "logistics", "service", "admin")) {
      assertThat(status(as(role), HttpMethod.POST, "/api/events", body)).as(role).isEqualTo(403);
    }
    assertThat(status(anonymous, HttpMethod.POST, "/api/events", body)).isEqualTo(401);
  }

  @Test
  void editingStationsIsForProductionOnly() {
    String path = "/api/stations/AKL/L1/NOPE";
    String body = "{\"name\":\"x\"}";
    assertThat(status(as("production"), HttpMethod.PUT, path, body)).isEqualTo(404);
    for (String role : List.of("viewer", "quality", "logistics", "service", "admin")) {
      assertThat(status(as(role), HttpMethod.PUT, path, body)).as(role).isEqualTo(403);
    }
    assertThat(status(bearer(edgeToken), HttpMethod.PUT, path, body)).isEqualTo(403);
  }

  @Test
  void usersAndTokensAreForAdminsOnly() {
    for (String path : List.of("/api/admin/users", "/api/admin/tokens")) {
      assertThat(status(as("admin"), HttpMethod.GET, path, null)).isEqualTo(200);
      for (String role : PEOPLE) {
        assertThat(status(as(role), HttpMethod.GET, path, null))
            .as(role + " " + path)
            .isEqualTo(403);
        assertThat(status(as(role), HttpMethod.POST, path, "{}"))
            .as(role + " " + path)
            .isEqualTo(403);
      }
      assertThat(status(bearer(edgeToken), HttpMethod.GET, path, null)).isEqualTo(403);
    }
  }

  @Test
  void healthAndTheOpenApiDocumentNeedNoCredentials() {
    assertThat(status(anonymous, HttpMethod.GET, "/actuator/health", null)).isEqualTo(200);
    assertThat(status(anonymous, HttpMethod.GET, "/v3/api-docs", null)).isEqualTo(200);
  }

  @Test
  void anUnknownEndpointIsClosedEvenToAnAdmin() {
    assertThat(status(as("admin"), HttpMethod.DELETE, "/api/units/X", null)).isIn(403, 405);
  }

  @Test
  void aWrongPasswordOrAnUnknownTokenIsA401SayingWhy() {
    ResponseEntity<JsonNode> wrong =
        anonymous
            .withBasicAuth("viewer", "not the password")
            .getForEntity("/api/agents", JsonNode.class);
    assertThat(wrong.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    ResponseEntity<JsonNode> unknown =
        call(bearer("ut_0000_nothing"), HttpMethod.GET, "/api/agents", null);
    assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(unknown.getBody().path("detail").asText()).contains("unknown API token");
    ResponseEntity<JsonNode> none = call(anonymous, HttpMethod.GET, "/api/agents", null);
    assertThat(none.getHeaders().getFirst("WWW-Authenticate")).contains("Bearer");
  }

  @Test
  void anExpiredTokenIsRefused() {
    String token =
        createToken(Map.of("name", "short-lived", "roles", List.of("viewer"), "validity", "PT3S"))
            .path("token")
            .asText();
    assertThat(status(bearer(token), HttpMethod.GET, "/api/agents", null)).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> status(bearer(token), HttpMethod.GET, "/api/agents", null) == 401);
    assertThat(
            call(bearer(token), HttpMethod.GET, "/api/agents", null)
                .getBody()
                .path("detail")
                .asText())
        .contains("expired");
  }

  @Test
  void aRevokedTokenIsRefusedAtOnce() {
    JsonNode created = createToken(Map.of("name", "integration", "roles", List.of("viewer")));
    String token = created.path("token").asText();
    assertThat(status(bearer(token), HttpMethod.GET, "/api/agents", null)).isEqualTo(200);
    admin()
        .postForEntity(
            "/api/admin/tokens/" + created.path("id").asText() + "/revoke", null, JsonNode.class);
    ResponseEntity<JsonNode> refused = call(bearer(token), HttpMethod.GET, "/api/agents", null);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(refused.getBody().path("detail").asText()).contains("revoked");
  }

  @Test
  void aTokenRevokedOnAnotherInstanceIsRefusedHereWithinTheLookupCacheTtl() {
    JsonNode created = createToken(Map.of("name", "elsewhere", "roles", List.of("viewer")));
    String token = created.path("token").asText();
    assertThat(status(bearer(token), HttpMethod.GET, "/api/me", null)).isEqualTo(200);
    jdbc.update(
        "UPDATE api_token SET revoked_at = now(), revoked_by = 'another instance' WHERE id = ?",
        created.path("id").asText());
    await()
        .atMost(lookupCacheTtl().plusSeconds(5))
        .until(() -> status(bearer(token), HttpMethod.GET, "/api/me", null) == 401);
  }

  @Test
  void aUserDisabledOnAnotherInstanceIsRefusedHereWithinTheLookupCacheTtl() {
    TestRestTemplate user = newUser("disabled-elsewhere", PASSWORD, "viewer");
    assertThat(status(user, HttpMethod.GET, "/api/me", null)).isEqualTo(200);
    jdbc.update("UPDATE app_user SET enabled = false WHERE username = 'disabled-elsewhere'");
    await()
        .atMost(lookupCacheTtl().plusSeconds(5))
        .until(() -> status(user, HttpMethod.GET, "/api/me", null) == 401);
  }

  @Test
  void aPasswordChangedOnAnotherInstanceLogsInHereAtOnceAndTheOldOneStopsWithinTheTtl() {
    TestRestTemplate old = newUser("changed-elsewhere", PASSWORD, "viewer");
    assertThat(status(old, HttpMethod.GET, "/api/me", null)).isEqualTo(200);
    jdbc.update(
        "UPDATE app_user SET password_hash = ? WHERE username = 'changed-elsewhere'",
        passwords.encode("a new password from elsewhere"));
    TestRestTemplate renewed =
        anonymous.withBasicAuth("changed-elsewhere", "a new password from elsewhere");
    assertThat(status(renewed, HttpMethod.GET, "/api/me", null)).isEqualTo(200);
    await()
        .atMost(lookupCacheTtl().plusSeconds(5))
        .until(() -> status(old, HttpMethod.GET, "/api/me", null) == 401);
  }

  private Duration lookupCacheTtl() {
    return security.lookupCache().ttl();
  }

  @Test
  void aTokenIsStoredOnlyAsAHashAndNeverListedWithItsSecret() {
    JsonNode created = createToken(Map.of("name", "hashed", "roles", List.of("viewer")));
    String token = created.path("token").asText();
    String secret = token.substring(token.lastIndexOf('_') + 1);
    assertThat(
            jdbc.queryForObject(
                "SELECT secret_sha256 FROM api_token WHERE id = ?",
                String.class,
                created.path("id").asText()))
        .doesNotContain(secret)
        .hasSize(64);
    assertThat(admin().getForObject("/api/admin/tokens", String.class)).doesNotContain(secret);
  }

  @Test
  void passwordsAreStoredSaltedAndHashed() {
    List<String> hashes =
        jdbc.queryForList(
            "SELECT password_hash FROM app_user WHERE username IN ('viewer', 'quality')",
            String.class);
    assertThat(hashes)
        .allSatisfy(h -> assertThat(h).startsWith("{bcrypt}").doesNotContain(PASSWORD));
    assertThat(hashes.get(0)).isNotEqualTo(hashes.get(1)); // same password, different salt
  }

  @Test
  void anEdgeTokenMaySendForItsOwnLineOnlyOverHttp() {
    TestEvents own = new TestEvents("AKL", "L1", "edge-L1");
    TestEvents other = new TestEvents("AKL", "L2", "edge-L1");
    String body =
        "["
            + codec.encodeToString(own.serialized("SCOPE-1", "CTRL-900", "RUN-S"))
            + ","
            + codec.encodeToString(other.serialized("SCOPE-2", "CTRL-900", "RUN-S"))
            + "]";
    JsonNode answer = call(bearer(edgeToken), HttpMethod.POST, "/api/events", body).getBody();
    assertThat(answer.get(0).path("status").asText()).isEqualTo("stored");
    assertThat(answer.get(1).path("status").asText()).isEqualTo("rejected");
    assertThat(answer.get(1).path("reason").asText())
        .contains("spoofing", "token 'edge-AKL-L1'", "AKL/L1 only", "claims AKL/L2");
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM dead_letter WHERE reason LIKE '%claims AKL/L2%'",
                Integer.class))
        .isEqualTo(1);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM unit WHERE serial = 'SCOPE-2'", Integer.class))
        .isZero();
  }

  @Test
  void anEdgeTokenNeedsItsLineAndOnlyTheEdgeRole() {
    ResponseEntity<JsonNode> noLine =
        admin()
            .postForEntity(
                "/api/admin/tokens", Map.of("name", "e", "roles", List.of("edge")), JsonNode.class);
    assertThat(noLine.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(noLine.getBody().path("detail").asText()).contains("site", "line");
    ResponseEntity<JsonNode> userEdge =
        admin()
            .postForEntity(
                "/api/admin/users",
                Map.of("username", "sneaky", "password", PASSWORD, "roles", List.of("edge")),
                JsonNode.class);
    assertThat(userEdge.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
  }

  @Test
  void aUserChangesTheirOwnPasswordKnowingTheCurrentOne() {
    TestRestTemplate changer = newUser("changer", PASSWORD, "viewer");
    assertThat(
            status(
                changer,
                HttpMethod.PUT,
                "/api/me/password",
                "{\"currentPassword\":\"wrong\",\"newPassword\":\"a much longer secret\"}"))
        .isEqualTo(400);
    assertThat(
            status(
                changer,
                HttpMethod.PUT,
                "/api/me/password",
                "{\"currentPassword\":\""
                    + PASSWORD
                    + "\",\"newPassword\":\"a much longer secret\"}"))
        .isEqualTo(204);
    assertThat(
            status(
                anonymous.withBasicAuth("changer", "a much longer secret"),
                HttpMethod.GET,
                "/api/me",
                null))
        .isEqualTo(200);
    assertThat(status(changer, HttpMethod.GET, "/api/me", null)).isEqualTo(401);
  }

  @Test
  void anOversizeBodyIsRefusedWith413BeforeItIsRead() {
    String big = "[" + "\"x\",".repeat(300_000) + "\"x\"]";
    ResponseEntity<JsonNode> answer = call(as("production"), HttpMethod.POST, "/api/events", big);
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
    assertThat(answer.getBody().path("detail").asText())
        .contains("exceeds the limit of 1048576 bytes");
  }

  @Test
  void responsesCarrySecurityHeaders() {
    HttpHeaders headers = call(as("viewer"), HttpMethod.GET, "/api/agents", null).getHeaders();
    assertThat(headers.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(headers.getFirst("X-Frame-Options")).isEqualTo("DENY");
    assertThat(headers.getFirst("Cache-Control")).contains("no-store");
  }

  /** A new API token made by the admin as {@code request} says; its id and secret. */
  private JsonNode createToken(Map<String, Object> request) {
    ResponseEntity<JsonNode> created =
        admin().postForEntity("/api/admin/tokens", request, JsonNode.class);
    assertThat(created.getStatusCode())
        .as(String.valueOf(created.getBody()))
        .isEqualTo(HttpStatus.CREATED);
    return created.getBody();
  }

  private TestRestTemplate as(String role) {
    return role.equals("admin") ? admin() : anonymous.withBasicAuth(role, PASSWORD);
  }

  private int status(TestRestTemplate client, HttpMethod method, String path, String body) {
    return call(client, method, path, body).getStatusCode().value();
  }

  private ResponseEntity<JsonNode> call(
      TestRestTemplate client, HttpMethod method, String path, String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return client.exchange(path, method, new HttpEntity<>(body, headers), JsonNode.class);
  }
}
