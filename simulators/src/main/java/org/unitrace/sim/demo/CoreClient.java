package org.unitrace.sim.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** mes-core's REST API as one user (HTTP Basic), for setting up and running the demo plant. */
final class CoreClient {

  private final String base;
  private final String auth;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  CoreClient(String base, String user, String password) {
    this.base = base;
    this.auth =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** The answer of a call: its status and body. */
  record Answer(int status, JsonNode body, String text) {
    boolean ok() {
      return status / 100 == 2;
    }
  }

  Answer get(String path) {
    return send("GET", path, null);
  }

  Answer post(String path, Object body) {
    return send("POST", path, body);
  }

  Answer put(String path, Object body) {
    return send("PUT", path, body);
  }

  /** A call that must succeed, or (with {@code conflictOk}) find the thing already there. */
  JsonNode must(String method, String path, Object body, boolean conflictOk) {
    Answer a = send(method, path, body);
    if (a.ok() || (conflictOk && a.status() == 409)) {
      return a.body();
    }
    throw new IllegalStateException(
        "%s %s answered %d: %s".formatted(method, path, a.status(), a.text()));
  }

  private Answer send(String method, String path, Object body) {
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(base + path))
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", auth)
              .header("Accept", "application/json");
      if (body == null) {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        b.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
      }
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode parsed = null;
      try {
        parsed = r.body().isBlank() ? null : json.readTree(r.body());
      } catch (IOException e) {
        parsed = null;
      }
      return new Answer(r.statusCode(), parsed, r.body());
    } catch (IOException e) {
      return new Answer(0, null, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(0, null, "interrupted");
    }
  }

  /** Whether {@code /actuator/health} reports UP overall (a core's or an agent's). */
  boolean healthy() {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 && r.body().startsWith("{\"status\":\"UP\"");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
