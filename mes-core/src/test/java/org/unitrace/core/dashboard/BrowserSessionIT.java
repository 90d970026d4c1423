package org.unitrace.core.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.unitrace.core.support.CoreITSupport;

/**
 * The browser's way in beside the API's: a login form makes a session, and a change on that session
 * must carry the CSRF token; API callers with their own credentials see no session and no token.
 * Spoken as plain HTTP with a cookie jar, as a browser (or a forger) would.
 */
class BrowserSessionIT extends CoreITSupport {

  @LocalServerPort int port;

  private CookieManager cookies;
  private HttpClient browser;

  @BeforeEach
  void aBrowserWithACookieJar() {
    cookies = new CookieManager();
    browser =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  @Test
  void aPageAsksAnUnknownVisitorToLogIn() throws Exception {
    HttpResponse<String> page = get("/ui/production.html");
    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    HttpResponse<String> form = get("/login");
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.body()).contains("name=\"password\"");
    assertThat(cookie("XSRF-TOKEN")).as("the form's CSRF token").isNotNull();
  }

  @Test
  void theLoginFormWithoutItsTokenIsRefused() throws Exception {
    get("/login");
    HttpResponse<String> login =
        post("/login", form("username", OPERATOR, "password", OPERATOR_PASSWORD), null);
    assertThat(login.statusCode()).isEqualTo(403);
    assertThat(cookie("JSESSIONID")).isNull();
  }

  @Test
  void aLoggedInSessionReadsButChangesOnlyWithItsToken() throws Exception {
    logIn();
    HttpResponse<String> me = get("/api/me");
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.body()).contains("\"name\":\"" + OPERATOR + "\"");

    String recall =
        "{\"title\":\"t\",\"reason\":\"session test\",\"partNumber\":\"P-X\",\"lot\":\"L-X\"}";
    HttpResponse<String> forged = postJson("/api/recalls", recall, null);
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.body()).contains("CSRF");

    HttpResponse<String> made = postJson("/api/recalls", recall, cookie("XSRF-TOKEN").getValue());
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
  }

  @Test
  void loggingOutEndsTheSession() throws Exception {
    logIn();
    HttpResponse<String> out = post("/logout", form(), cookie("XSRF-TOKEN").getValue());
    assertThat(out.statusCode()).isEqualTo(302);
    assertThat(out.headers().firstValue("Location").orElseThrow()).endsWith("/login?logout");
    assertThat(get("/api/me").statusCode()).isEqualTo(401);
  }

  @Test
  void anApiCallerGetsNoSessionAndNeedsNoToken() {
    ResponseEntity<String> read = http.getForEntity("/api/recalls", String.class);
    assertThat(read.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(read.getHeaders().get("Set-Cookie")).isNull();
    ResponseEntity<String> made =
        http.postForEntity(
            "/api/recalls",
            java.util.Map.of("title", "t", "reason", "api test", "partNumber", "P", "lot", "L"),
            String.class);
    assertThat(made.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(made.getHeaders().get("Set-Cookie")).isNull();

    String token =
        http.postForEntity(
                "/api/admin/tokens",
                java.util.Map.of("name", "session-test", "roles", java.util.List.of("viewer")),
                com.fasterxml.jackson.databind.JsonNode.class)
            .getBody()
            .path("token")
            .asText();
    HttpHeaders bearer = new HttpHeaders();
    bearer.setBearerAuth(token);
    ResponseEntity<String> byToken =
        this.anonymous.exchange(
            "/api/recalls", HttpMethod.GET, new HttpEntity<>(bearer), String.class);
    assertThat(byToken.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(byToken.getHeaders().get("Set-Cookie")).isNull();

    ResponseEntity<String> anonymous = this.anonymous.getForEntity("/api/recalls", String.class);
    assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(anonymous.getHeaders().getFirst("WWW-Authenticate")).contains("Basic");
    assertThat(anonymous.getHeaders().get("Set-Cookie")).isNull();
  }

  private void logIn() throws Exception {
    get("/login");
    HttpResponse<String> login =
        post(
            "/login",
            form("username", OPERATOR, "password", OPERATOR_PASSWORD),
            cookie("XSRF-TOKEN").getValue());
    assertThat(login.statusCode()).isEqualTo(302);
    assertThat(login.headers().firstValue("Location").orElseThrow())
        .endsWith("/ui/production.html");
    assertThat(cookie("JSESSIONID")).isNotNull();
    get("/ui/production.html"); // a page load hands out the new token
  }

  private HttpCookie cookie(String name) {
    return cookies.getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals(name))
        .findFirst()
        .orElse(null);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return browser.send(
        HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String form, String csrf) throws Exception {
    String body = csrf == null ? form : form + (form.isEmpty() ? "" : "&") + "_csrf=" + enc(csrf);
    return browser.send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "text/html")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> postJson(String path, String json, String csrf) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .header("X-Requested-With", "XMLHttpRequest")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (csrf != null) {
      request.header("X-XSRF-TOKEN", csrf);
    }
    return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  private static String form(String... pairs) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      sb.append(i == 0 ? "" : "&").append(enc(pairs[i])).append('=').append(enc(pairs[i + 1]));
    }
    return sb.toString();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
