package org.unitrace.core.security;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventCodec;
import org.unitrace.contract.EventPayload;
import org.unitrace.contract.Topics;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.MqttTestPublisher;
import org.unitrace.core.support.TestEvents;
import org.unitrace.core.support.TestServers;

/**
 * The smaller holes of the security probe, each asked of a real mes-core over a plain socket (so
 * nothing in between fixes the request up): every error a problem body, no status 999, no stack
 * trace for a caller's malformed request, 413 for a chunked body over the limit, no PostgreSQL text
 * for a NUL or a lone surrogate in an event, the pages' Content-Security-Policy and
 * Referrer-Policy, SameSite on the session cookie, and no Host header echoed into a redirect.
 */
@ExtendWith(OutputCaptureExtension.class)
class HttpHardeningIT extends CoreITSupport {

  private static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;

  @Test
  void aControlCharacterInAParameterNameIsA400ProblemWithoutAStackTrace(CapturedOutput log)
      throws Exception {
    Raw answer = raw("GET /actuator/health?a%0Ab=1 HTTP/1.1\r\nHost: localhost\r\n");
    assertThat(answer.status()).as(answer.text()).isEqualTo(400);
    assertProblem(answer, 400);
    assertThat(log.getAll()).doesNotContain("RequestRejectedException");
  }

  @Test
  void theErrorPathAskedDirectlyIsAProblemAndNever999() throws Exception {
    Raw answer = raw("GET /error HTTP/1.1\r\nHost: localhost\r\n");
    assertThat(answer.body()).doesNotContain("999");
    assertThat(answer.status()).isBetween(400, 499);
    assertProblem(answer, answer.status());
  }

  @Test
  void aUrlTheFirewallRejectsIsAProblem() throws Exception {
    Raw answer = raw("GET /api/units/A;B/genealogy HTTP/1.1\r\nHost: localhost\r\n");
    assertThat(answer.status()).as(answer.text()).isEqualTo(400);
    assertProblem(answer, 400);
  }

  @Test
  void anOverlongUrlIsAProblem() throws Exception {
    Raw answer = raw("GET /api/units/" + "S".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\n");
    assertThat(answer.status()).as(answer.text()).isBetween(400, 431);
    assertProblem(answer, answer.status());
  }

  @Test
  void aChunkedBodyOverTheLimitIs413() throws Exception {
    byte[] chunk = ("\"" + "x".repeat(1 << 20) + "\",").getBytes(StandardCharsets.US_ASCII);
    HttpResponse<String> answer =
        postEvents(
            HttpRequest.BodyPublishers.ofInputStream(
                () -> new RepeatedBody(chunk, 17))); // 17 MiB, no length: chunked
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(413);
    assertThat(JSON.readTree(answer.body()).path("detail").asText())
        .contains("exceeds the limit of 16777216 bytes");
  }

  @Test
  void aNulOrALoneSurrogateInAnEventIsRefusedInOurOwnWords() throws Exception {
    String template =
        """
        {"eventId":"%s","schemaVersion":1,"occurredAt":"2026-11-28T08:00:00Z","site":"AKL",
         "line":"L1","station":"MARK","agentId":"edge-L1","seq":%d,"type":"RunEnded",
         "payload":{"runId":"RUN-T","producedQuantity":1,"reason":"%s"}}
        """;
    UUID nul = UUID.randomUUID();
    UUID surrogate = UUID.randomUUID();
    String body =
        "["
            + template.formatted(nul, 1, "a\\u0000b")
            + ","
            + template.formatted(surrogate, 2, "a\\ud800b")
            + "]";
    HttpResponse<String> answer = postEvents(HttpRequest.BodyPublishers.ofString(body));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonNode results = JSON.readTree(answer.body());
    assertThat(results.get(0).path("status").asText()).isEqualTo("rejected");
    assertThat(results.get(0).path("path").asText()).isEqualTo("$.payload.reason");
    assertThat(results.get(0).path("reason").asText()).contains("NUL character (U+0000)");
    assertThat(results.get(1).path("status").asText()).isEqualTo("rejected");
    assertThat(results.get(1).path("path").asText()).isEqualTo("$.payload.reason");
    assertThat(results.get(1).path("reason").asText()).contains("surrogate");
    List<String> reasons =
        jdbc.queryForList(
            "SELECT reason FROM dead_letter WHERE event_id IN (?, ?) ORDER BY id",
            String.class,
            nul,
            surrogate);
    assertThat(reasons).hasSize(2);
    assertThat(String.join("\n", reasons))
        .doesNotContain("Unicode escape")
        .doesNotContain("ERROR:")
        .contains("NUL character");
  }

  @Test
  void aNulOrALoneSurrogateInAnEventOverMqttIsDeadLetteredInOurOwnWords() throws Exception {
    TestEvents agent = new TestEvents(SITE, "L1", TestServers.unique("edge-"));
    Event withNul = agent.at("MARK", new EventPayload.RunEnded("RUN-M", 1, "REASON-MARK"));
    Event withSurrogate = agent.at("MARK", new EventPayload.RunEnded("RUN-M", 1, "REASON-MARK"));
    EventCodec codec = new EventCodec();
    byte[] nul = codec.encodeToString(withNul).replace("REASON-MARK", "a\\u0000b").getBytes(UTF_8);
    byte[] surrogate = codec.encode(withSurrogate); // the surrogate as raw UTF-8 bytes, ED A0 80
    String text = new String(surrogate, UTF_8);
    int at = text.indexOf("REASON-MARK");
    byte[] cesu = new byte[surrogate.length - "REASON-MARK".length() + 3];
    System.arraycopy(surrogate, 0, cesu, 0, at);
    cesu[at] = (byte) 0xED;
    cesu[at + 1] = (byte) 0xA0;
    cesu[at + 2] = (byte) 0x80;
    System.arraycopy(
        surrogate, at + "REASON-MARK".length(), cesu, at + 3, surrogate.length - at - 11);
    try (MqttTestPublisher publisher = new MqttTestPublisher(TestServers.mqttUrl())) {
      publisher.publish(Topics.topicOf(withNul), nul);
      publisher.publish(Topics.topicOf(withSurrogate), cesu);
    }
    String sql = "SELECT reason FROM dead_letter WHERE event_id = ?";
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> jdbc.queryForList(sql, String.class, withSurrogate.eventId()).size() == 1);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> jdbc.queryForList(sql, String.class, withNul.eventId()).size() == 1);
    assertThat(jdbc.queryForObject(sql, String.class, withNul.eventId()))
        .contains("NUL character (U+0000)");
    assertThat(
            jdbc.queryForObject(sql, String.class, withNul.eventId())
                + jdbc.queryForObject(sql, String.class, withSurrogate.eventId()))
        .doesNotContain("ERROR:")
        .doesNotContain("Unicode")
        .doesNotContain("invalid byte sequence");
  }

  @Test
  void pagesCarryAContentSecurityPolicyAndAReferrerPolicy() throws Exception {
    for (String path : List.of("/login", "/ui/login.html")) {
      Raw page = raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n");
      assertThat(page.status()).as(path).isEqualTo(200);
      assertThat(page.header("Content-Security-Policy"))
          .as(path)
          .contains("default-src 'self'")
          .contains("script-src 'self'")
          .contains("frame-ancestors 'none'");
      assertThat(page.header("Referrer-Policy")).as(path).isEqualTo("same-origin");
    }
  }

  @Test
  void theSessionAndCsrfCookiesAreSameSite() throws Exception {
    Raw form = raw("GET /login HTTP/1.1\r\nHost: localhost\r\n");
    String xsrf = cookieValue(form, "XSRF-TOKEN");
    assertThat(form.setCookie("XSRF-TOKEN")).containsIgnoringCase("SameSite=Lax");
    Raw login = logIn("localhost", xsrf);
    assertThat(login.status()).as(login.text()).isEqualTo(302);
    assertThat(login.setCookie("JSESSIONID"))
        .containsIgnoringCase("SameSite=Lax")
        .containsIgnoringCase("HttpOnly");
  }

  @Test
  void theHostHeaderIsNeverEchoedIntoARedirect() throws Exception {
    Raw toLogin = raw("GET /ui/production.html HTTP/1.1\r\nHost: evil.example:8443\r\n");
    assertThat(toLogin.status()).isEqualTo(302);
    assertThat(toLogin.header("Location")).isEqualTo("/login");

    Raw form = raw("GET /login HTTP/1.1\r\nHost: evil.example\r\n");
    Raw login = logIn("evil.example", cookieValue(form, "XSRF-TOKEN"));
    assertThat(login.status()).as(login.text()).isEqualTo(302);
    assertThat(login.header("Location")).doesNotContain("evil").startsWith("/ui/");

    Raw failed =
        raw(
            "POST /login HTTP/1.1\r\nHost: evil.example\r\nCookie: XSRF-TOKEN="
                + cookieValue(form, "XSRF-TOKEN")
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\n",
            "username=" + OPERATOR + "&password=wrong&_csrf=" + cookieValue(form, "XSRF-TOKEN"));
    assertThat(failed.header("Location")).isEqualTo("/login?error");
  }

  private Raw logIn(String host, String xsrf) throws Exception {
    return raw(
        "POST /login HTTP/1.1\r\nHost: "
            + host
            + "\r\nCookie: XSRF-TOKEN="
            + xsrf
            + "\r\nContent-Type: application/x-www-form-urlencoded\r\n",
        "username="
            + OPERATOR
            + "&password="
            + java.net.URLEncoder.encode(OPERATOR_PASSWORD, StandardCharsets.UTF_8)
            + "&_csrf="
            + xsrf);
  }

  private static void assertProblem(Raw answer, int status) throws Exception {
    assertThat(answer.header("Content-Type"))
        .as(answer.text())
        .startsWith("application/problem+json");
    JsonNode problem = JSON.readTree(answer.body());
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("detail").asText()).isNotBlank();
    assertThat(answer.body()).doesNotContain("Exception").doesNotContain("at org.");
  }

  private static String cookieValue(Raw answer, String name) {
    String cookie = answer.setCookie(name);
    assertThat(cookie).as("Set-Cookie " + name + " in\n" + answer.text()).isNotNull();
    return cookie.substring(name.length() + 1, cookie.indexOf(';'));
  }

  /** An HTTP/1.1 exchange on a socket of its own, the request exactly as written. */
  private Raw raw(String head) throws Exception {
    return raw(head, null);
  }

  private Raw raw(String head, String body) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      String request =
          head
              + "Connection: close\r\n"
              + (body == null ? "" : "Content-Length: " + body.length() + "\r\n")
              + "\r\n"
              + (body == null ? "" : body);
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      ByteArrayOutputStream text = new ByteArrayOutputStream();
      try {
        socket.getInputStream().transferTo(text);
      } catch (java.net.SocketException reset) {
        // the server may close once it has answered a request it refused to read
      }
      return new Raw(text.toString(StandardCharsets.UTF_8));
    }
  }

  /** A raw HTTP answer. */
  record Raw(String text) {
    int status() {
      return Integer.parseInt(text.substring(9, 12));
    }

    String header(String name) {
      return text.substring(0, headEnd())
          .lines()
          .filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1))
          .map(l -> l.substring(name.length() + 1).strip())
          .findFirst()
          .orElse(null);
    }

    String setCookie(String name) {
      return text.substring(0, headEnd())
          .lines()
          .filter(l -> l.regionMatches(true, 0, "Set-Cookie:", 0, 11))
          .map(l -> l.substring(11).strip())
          .filter(c -> c.startsWith(name + "="))
          .findFirst()
          .orElse(null);
    }

    String body() {
      String body = text.substring(headEnd() + 4);
      if ("chunked".equalsIgnoreCase(header("Transfer-Encoding"))) {
        StringBuilder plain = new StringBuilder();
        int at = 0;
        while (true) {
          int eol = body.indexOf("\r\n", at);
          int size = Integer.parseInt(body.substring(at, eol).strip(), 16);
          if (size == 0) {
            return plain.toString();
          }
          plain.append(body, eol + 2, eol + 2 + size);
          at = eol + 2 + size + 2;
        }
      }
      return body;
    }

    private int headEnd() {
      int end = text.indexOf("\r\n\r\n");
      return end < 0 ? text.length() : end;
    }
  }

  /** {@code chunk} {@code times} over, as a stream of unknown length. */
  private static final class RepeatedBody extends InputStream {
    private final byte[] chunk;
    private int left;
    private int at;
    private boolean opened;

    RepeatedBody(byte[] chunk, int times) {
      this.chunk = chunk;
      this.left = times;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (!opened) {
        opened = true;
        b[off] = '[';
        return 1;
      }
      if (left == 0) {
        return -1;
      }
      int n = Math.min(len, chunk.length - at);
      System.arraycopy(chunk, at, b, off, n);
      at += n;
      if (at == chunk.length) {
        at = 0;
        left--;
      }
      return n;
    }
  }

  /** Posts {@code body} to {@code /api/events} as JSON, as {@link #OPERATOR}, on the JDK client. */
  private HttpResponse<String> postEvents(HttpRequest.BodyPublisher body) throws Exception {
    return client()
        .send(
            HttpRequest.newBuilder(uri("/api/events"))
                .header("Authorization", basic(OPERATOR, OPERATOR_PASSWORD))
                .header("Content-Type", "application/json")
                .POST(body)
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private HttpClient client() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
