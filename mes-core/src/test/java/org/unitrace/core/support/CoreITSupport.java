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
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.unitrace.contract.Event;
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
      newUser(OPERATOR, OPERATOR_PASSWORD, "production", "quality", "logistics", "admin");
    }
    http = anonymous.withBasicAuth(OPERATOR, OPERATOR_PASSWORD);
  }

  /** Calls as the first admin. */
  protected TestRestTemplate admin() {
    return anonymous.withBasicAuth("admin", ADMIN_PASSWORD);
  }

  /** Calls with the API token {@code token}. */
  protected TestRestTemplate bearer(String token) {
    return Rest.bearer(anonymous, token);
  }

  /** A person with {@code roles}, made by the admin through the API; calls as that person. */
  protected TestRestTemplate newUser(String username, String password, String... roles) {
    ResponseEntity<String> created =
        admin()
            .postForEntity(
                "/api/admin/users",
                Map.of("username", username, "password", password, "roles", List.of(roles)),
                String.class);
    assertThat(created.getStatusCode())
        .as("the test user %s: %s", username, created)
        .isEqualTo(HttpStatus.CREATED);
    return anonymous.withBasicAuth(username, password);
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
    TestServers.useNewDatabase(registry);
    String id = TestServers.useBroker(registry, "it-", TestServers::mqttUrl);
    registry.add("unitrace.mqtt.session-expiry", () -> "PT2M");
    registry.add("unitrace.data-dir", () -> "target/it-data/" + id);
    registry.add("unitrace.security.admin-password", () -> ADMIN_PASSWORD);
  }

  /** Posts events as one HTTP batch, as an agent's drain does; the core's answer. */
  protected ResponseEntity<JsonNode> postBatch(List<Event> batch) {
    return http.postForEntity("/api/events", Rest.events(batch), JsonNode.class);
  }

  /** Posts events as one HTTP batch, as an agent's drain does, and checks each one was stored. */
  protected void postStored(List<Event> batch) {
    ResponseEntity<JsonNode> answer = postBatch(batch);
    assertThat(answer.getStatusCode().value()).as(String.valueOf(answer.getBody())).isEqualTo(200);
    assertThat(answer.getBody()).as("one answer per event").hasSize(batch.size());
    answer
        .getBody()
        .forEach(r -> assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("stored"));
  }

  /** Why {@code event} went to the dead-letter store; null while it is not there. */
  protected String deadLetterReason(Event event) {
    return jdbc
        .query(
            "SELECT reason FROM dead_letter WHERE event_id = ?",
            (rs, i) -> rs.getString(1),
            event.eventId())
        .stream()
        .findFirst()
        .orElse(null);
  }

  /** The units that {@code line} of {@link #SITE} completes go into stock at {@code location}. */
  protected void completedUnitsGoTo(String line, String location) {
    ResponseEntity<JsonNode> set =
        put(
            "/api/lines/" + SITE + "/" + line + "/completion-location",
            Map.of("location", location));
    assertThat(set.getStatusCode()).as("%s", set.getBody()).isEqualTo(HttpStatus.OK);
  }

  /** Posts {@code body} as JSON as {@link #OPERATOR}. */
  protected ResponseEntity<JsonNode> post(String path, Object body) {
    return http.postForEntity(path, body, JsonNode.class);
  }

  /** Puts {@code body} as JSON as {@link #OPERATOR}. */
  protected ResponseEntity<JsonNode> put(String path, Object body) {
    return http.exchange(path, HttpMethod.PUT, new HttpEntity<>(body), JsonNode.class);
  }

  /** Posts {@code csv} as a {@code text/csv} upload as {@link #OPERATOR}. */
  protected ResponseEntity<JsonNode> postCsv(String path, String csv) {
    return http.postForEntity(path, Rest.csv(csv), JsonNode.class);
  }
}
