package org.unitrace.core.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventCodec;
import org.unitrace.core.MesCoreApplication;

/**
 * A whole mes-core against the real PostgreSQL (a fresh database per test class) and the real
 * broker, on a random HTTP port. Each class joins a share group of its own, so no other test's core
 * (or a session left from an earlier run) takes its messages.
 */
@SpringBootTest(
    classes = MesCoreApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class CoreITSupport {

  protected static final String SITE = "AKL";

  /** The first admin's password, as a plant sets it through UNITRACE_ADMIN_PASSWORD. */
  protected static final String ADMIN_PASSWORD = TestServers.unique("admin-pw-");

  /** A person holding every people's role, made by the admin through the API. */
  protected static final String OPERATOR = "operator";

  protected static final String OPERATOR_PASSWORD = TestServers.unique("operator-pw-");

  /** Calls without credentials. */
  @Autowired protected TestRestTemplate anonymous;

  @Autowired protected JdbcTemplate jdbc;

  /** Calls as {@link #OPERATOR}: reads, records, holds quality and logistics roles, admin. */
  protected TestRestTemplate http;

  @BeforeEach
  void logInAsOperator() {
    Integer exists =
        jdbc.queryForObject(
            "SELECT count(*) FROM app_user WHERE username = ?", Integer.class, OPERATOR);
    if (exists == 0) {
      var created =
          anonymous
              .withBasicAuth("admin", ADMIN_PASSWORD)
              .postForEntity(
                  "/api/admin/users",
                  Map.of(
                      "username", OPERATOR,
                      "password", OPERATOR_PASSWORD,
                      "roles", List.of("production", "quality", "logistics", "admin")),
                  String.class);
      if (!created.getStatusCode().is2xxSuccessful()) {
        throw new IllegalStateException("cannot create the test operator: " + created);
      }
    }
    http = anonymous.withBasicAuth(OPERATOR, OPERATOR_PASSWORD);
  }

  /** A new API token with the edge role for {@code site}/{@code line}, as plant IT makes one. */
  protected String edgeToken(String site, String line) {
    return edgeToken(anonymous, ADMIN_PASSWORD, site, line);
  }

  /** The same, from a core whose first admin's password is {@code adminPassword}. */
  public static String edgeToken(
      TestRestTemplate anonymous, String adminPassword, String site, String line) {
    ResponseEntity<JsonNode> created =
        anonymous
            .withBasicAuth("admin", adminPassword)
            .postForEntity(
                "/api/admin/tokens",
                Map.of(
                    "name",
                    "edge-" + site + "-" + line,
                    "roles",
                    List.of("edge"),
                    "site",
                    site,
                    "line",
                    line),
                JsonNode.class);
    assertThat(created.getStatusCode()).as(created.toString()).isEqualTo(HttpStatus.CREATED);
    return created.getBody().path("token").asText();
  }

  @DynamicPropertySource
  static void servers(DynamicPropertyRegistry registry) {
    String db = TestServers.createDatabase();
    registry.add("unitrace.db.url", () -> db);
    registry.add("unitrace.mqtt.url", TestServers::mqttUrl);
    String id = TestServers.unique("it-");
    registry.add("unitrace.mqtt.client-id", () -> id);
    registry.add("unitrace.mqtt.share-group", () -> id);
    registry.add("unitrace.mqtt.session-expiry", () -> "PT2M");
    registry.add("unitrace.data-dir", () -> "target/it-data/" + id);
    registry.add("unitrace.security.admin-password", () -> ADMIN_PASSWORD);
  }

  /** Posts events as one HTTP batch, as an agent's drain does, and checks each one was stored. */
  protected void postStored(List<Event> batch) {
    EventCodec codec = new EventCodec();
    String body = "[" + String.join(",", batch.stream().map(codec::encodeToString).toList()) + "]";
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    ResponseEntity<JsonNode> answer =
        http.postForEntity("/api/events", new HttpEntity<>(body, headers), JsonNode.class);
    assertThat(answer.getStatusCode().value()).as(String.valueOf(answer.getBody())).isEqualTo(200);
    answer
        .getBody()
        .forEach(r -> assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("stored"));
  }
}
