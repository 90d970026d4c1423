package org.unitrace.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventCodec;
import org.unitrace.contract.Topics;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.MqttTestPublisher;
import org.unitrace.core.support.TestEvents;
import org.unitrace.core.support.TestServers;

/**
 * A serial is GS1 CSET 82. Serials with its awkward characters are stored and reachable through the
 * API (looked up, held and released by a percent-encoded path, as the unit page encodes it);
 * look-alikes and other characters are dead-lettered over HTTP and MQTT naming the field and the
 * code point; an overlong UTF-8 form is refused, not decoded.
 */
class SerialCharactersIT extends CoreITSupport {

  /** The serials the probe could store but not reach, and the rest of CSET 82's punctuation. */
  private static final List<String> AWKWARD =
      List.of(
          "SN/1",
          "SN;1",
          "SN%1",
          "SN\"1",
          "SN&1",
          "SN'1",
          "SN?1",
          "SN<1>",
          "SN+1",
          "SN=1",
          "SN:1",
          "SN,1",
          "SN!1",
          "SN(1)*",
          "SN%2F1",
          "SN..1",
          "SN_a.z-9");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final EventCodec codec = new EventCodec();
  private final HttpClient client = HttpClient.newHttpClient();

  @LocalServerPort int port;

  private String token;

  /** An API token (production, quality): checked by SHA-256, not bcrypt, so the loop is quick. */
  private String token() throws Exception {
    if (token == null) {
      var created =
          anonymous
              .withBasicAuth("admin", ADMIN_PASSWORD)
              .postForEntity(
                  "/api/admin/tokens",
                  Map.of("name", "serials", "roles", List.of("production", "quality")),
                  JsonNode.class);
      assertThat(created.getStatusCode().value()).isEqualTo(201);
      token = created.getBody().path("token").asText();
    }
    return token;
  }

  @Test
  void everyCset82SerialIsStoredLookedUpHeldAndReleasedThroughItsEncodedPath() throws Exception {
    String line = TestServers.unique("L");
    TestEvents events = new TestEvents(SITE, line, "edge-" + line);
    String suffix = TestServers.unique("");
    StringBuilder body = new StringBuilder("[");
    for (String serial : AWKWARD) {
      body.append(body.length() > 1 ? "," : "")
          .append(codec.encodeToString(events.serialized(serial + suffix, "CTRL-900", "R-1")));
    }
    JsonNode answer = send("POST", "/api/events", body.append("]").toString());
    for (JsonNode result : answer) {
      assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("stored");
    }

    for (String awkward : AWKWARD) {
      String serial = awkward + suffix;
      String path = "/api/units/" + encodeUriComponent(serial);
      assertThat(send("GET", path, null).path("serial").asText()).as(path).isEqualTo(serial);
      JsonNode hold = send("POST", path + "/hold", "{\"reason\":\"probe " + line + "\"}");
      assertThat(hold.path("unitSerial").asText()).as(path + "/hold").isEqualTo(serial);
      assertThat(send("GET", path + "/holds", null)).as(path + "/holds").hasSize(1);
      JsonNode release = send("POST", path + "/release", "{\"reason\":\"checked\"}");
      assertThat(release.path("releasedAt").isNull()).as(path + "/release").isFalse();
      assertThat(send("GET", path + "/genealogy", null).isObject()).as(path).isTrue();
    }
  }

  @Test
  void aRawSemicolonOrABackslashInThePathIsStillRefused() throws Exception {
    assertThat(status("GET", "/api/units/SN;1", null)).isEqualTo(400);
    assertThat(status("GET", "/api/units/SN%5C1", null)).isEqualTo(400);
  }

  @Test
  void lookAlikesAndCharactersOutsideCset82AreDeadLetteredOverHttpNamingFieldAndCodePoint()
      throws Exception {
    String line = TestServers.unique("L");
    TestEvents events = new TestEvents(SITE, line, "edge-" + line);
    Map<String, String> expected =
        Map.of(
            "SN000\uFF11", "U+FF11",
            "\u0405N0001", "U+0405",
            "SN0001\u200B", "U+200B",
            "SN0001\u00A0", "U+00A0",
            "SN\\1", "U+005C",
            "SN#1", "U+0023");
    for (var e : expected.entrySet()) {
      Event event = events.serialized(e.getKey(), "CTRL-900", "R-2");
      JsonNode result = send("POST", "/api/events", "[" + codec.encodeToString(event) + "]").get(0);
      assertThat(result.path("status").asText()).as(e.getKey()).isEqualTo("rejected");
      assertThat(result.path("path").asText()).isEqualTo("$.payload.serial");
      assertThat(result.path("reason").asText()).contains(e.getValue(), "GS1 CSET 82");
      assertThat(deadLetterReason(event)).contains(e.getValue());
    }
    Event bound = events.boundSerial("SN-OK-" + line, "PCB-1", "PCB\uFF0D7");
    JsonNode result = send("POST", "/api/events", "[" + codec.encodeToString(bound) + "]").get(0);
    assertThat(result.path("path").asText()).isEqualTo("$.payload.componentSerial");
    assertThat(result.path("reason").asText()).contains("U+FF0D", "offset 3");
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM unit WHERE serial LIKE 'SN%' AND line = ?",
                Integer.class, line))
        .isZero();
  }

  @Test
  void lookAlikesOverMqttAreDeadLetteredToo() throws Exception {
    String line = TestServers.unique("L");
    TestEvents events = new TestEvents(SITE, line, "edge-" + line);
    Event cyrillic = events.serialized("\u0405N0001", "CTRL-900", "R-3");
    Event status = events.status("SN0001\u00A0", org.unitrace.contract.EventPayload.UnitStatus.NOK);
    Event good = events.serialized("SN0001-" + line, "CTRL-900", "R-3");
    try (var publisher = new MqttTestPublisher(TestServers.mqttUrl())) {
      publisher.publish(cyrillic);
      publisher.publish(status);
      publisher.publish(good);
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> deadLetterReason(status) != null);
    assertThat(deadLetterReason(cyrillic)).contains("U+0405", "CYRILLIC");
    assertThat(deadLetterReason(status)).contains("U+00A0", "NO-BREAK SPACE");
    assertThat(deadLetterPath(status)).isEqualTo("$.payload.serial");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                jdbc.queryForObject(
                        "SELECT count(*) FROM unit WHERE serial = ?",
                        Integer.class,
                        "SN0001-" + line)
                    == 1);
  }

  @Test
  void anOverlongUtf8SequenceIsRefusedNotDecoded() throws Exception {
    String line = TestServers.unique("L");
    TestEvents events = new TestEvents(SITE, line, "edge-" + line);
    Event event = events.serialized("SN@1-" + line, "CTRL-900", "R-4");
    byte[] overlong = overlongSlash("[" + codec.encodeToString(event) + "]", "SN@1");

    HttpResponse<String> answer = raw("POST", "/api/events", overlong);
    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("not UTF-8", "byte C0 at offset");
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM unit WHERE serial = ?", Integer.class, "SN/1-" + line))
        .isZero();

    Event overMqtt = events.serialized("SN@2-" + line, "CTRL-900", "R-4");
    try (var publisher = new MqttTestPublisher(TestServers.mqttUrl())) {
      publisher.publish(
          Topics.topicOf(overMqtt), overlongSlash(codec.encodeToString(overMqtt), "SN@2"));
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                jdbc.queryForObject(
                        "SELECT count(*) FROM dead_letter WHERE reason LIKE 'not UTF-8%' AND"
                            + " position(?::bytea in raw) > 0",
                        Integer.class, line.getBytes(StandardCharsets.UTF_8))
                    == 1);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM unit WHERE serial = ?", Integer.class, "SN/2-" + line))
        .isZero();
  }

  /** The JSON with the '@' after {@code marker}'s "SN" replaced by C0 AF, an overlong '/'. */
  private static byte[] overlongSlash(String json, String marker) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    int at = json.indexOf(marker) + 2;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(bytes, 0, at);
    out.write(0xC0);
    out.write(0xAF);
    out.write(bytes, at + 1, bytes.length - at - 1);
    return out.toByteArray();
  }

  private String deadLetterPath(Event event) {
    return jdbc.queryForObject(
        "SELECT path FROM dead_letter WHERE event_id = ?", String.class, event.eventId());
  }

  /** What the unit page's {@code encodeURIComponent} makes of a serial. */
  static String encodeUriComponent(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || "-_.!~*'()".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", (int) c));
      }
    }
    return out.toString();
  }

  private JsonNode send(String method, String path, String body) throws Exception {
    HttpResponse<String> response =
        raw(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isBetween(200, 201);
    return JSON.readTree(response.body());
  }

  private int status(String method, String path, String body) throws Exception {
    return raw(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8))
        .statusCode();
  }

  private HttpResponse<String> raw(String method, String path, byte[] body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + token())
            .header("Content-Type", "application/json");
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
