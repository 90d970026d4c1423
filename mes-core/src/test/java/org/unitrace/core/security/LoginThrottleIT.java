package org.unitrace.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.TestServers;

/**
 * Password guessing is slowed for the login form and HTTP Basic alike: after a few failures for one
 * user, or from one address, password logins are refused with 429 and Retry-After, the right
 * password included, until the block ends. Bearer tokens are not concerned.
 */
@TestPropertySource(
    properties = {
      "unitrace.security.login-throttle.max-failures-per-user=5",
      "unitrace.security.login-throttle.max-failures-per-address=12",
    })
class LoginThrottleIT extends CoreITSupport {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "the right password";

  @LocalServerPort int port;

  private String user;

  @BeforeEach
  void aUser() {
    user = TestServers.unique("u-");
    newUser(user, PASSWORD, "viewer");
  }

  /** Asks who is logged in, as {@code username} by HTTP Basic. */
  private ResponseEntity<JsonNode> me(String username, String password) {
    return anonymous.withBasicAuth(username, password).getForEntity("/api/me", JsonNode.class);
  }

  @AfterEach
  void forgetTheBlocks() {
    jdbc.update("DELETE FROM login_throttle"); // the next test's operator logs in from here too
  }

  @Test
  void wrongPasswordsOnTheFormBlockTheUserForTheRightPasswordToo() throws Exception {
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> wrong = new Browser(port).logIn(user, "wrong " + i);
      assertThat(wrong.headers().firstValue("Location")).hasValue("/login?error");
    }
    HttpResponse<String> right = new Browser(port).logIn(user, PASSWORD);
    assertThat(right.statusCode()).as(right.body()).isEqualTo(429);
    assertThat(right.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(Long.parseLong(right.headers().firstValue("Retry-After").orElseThrow()))
        .isBetween(1L, 15 * 60L);
    assertThat(JSON.readTree(right.body()).path("detail").asText())
        .contains("too many failed logins for user '" + user + "'");

    ResponseEntity<JsonNode> basic = me(user, PASSWORD);
    assertThat(basic.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    assertThat(basic.getHeaders().getFirst("Retry-After")).isNotBlank();

    assertThat(http.getForEntity("/api/me", String.class).getStatusCode())
        .as("another user from the same address, below its limit")
        .isEqualTo(HttpStatus.OK);
  }

  @Test
  void wrongPasswordsOverHttpBasicBlockTheUserOnTheFormToo() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertThat(me(user, "wrong " + i).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }
    ResponseEntity<JsonNode> right = me(user, PASSWORD);
    assertThat(right.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    assertThat(right.getBody().path("detail").asText()).contains("user '" + user + "'");
    assertThat(new Browser(port).logIn(user, PASSWORD).statusCode()).isEqualTo(429);
    assertThat(
            jdbc.queryForObject(
                "SELECT failures FROM login_throttle WHERE key = ?", Integer.class, "user:" + user))
        .as("counted in the database every instance reads")
        .isEqualTo(5);
  }

  @Test
  void guessingManyUserNamesFromOneAddressBlocksTheAddress() throws Exception {
    for (int i = 0; i < 12; i++) {
      assertThat(me(TestServers.unique("guess-"), "wrong").getStatusCode())
          .isEqualTo(HttpStatus.UNAUTHORIZED);
    }
    ResponseEntity<JsonNode> right = me(user, PASSWORD);
    assertThat(right.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    assertThat(right.getBody().path("detail").asText())
        .contains("too many failed logins for address");
  }
}
