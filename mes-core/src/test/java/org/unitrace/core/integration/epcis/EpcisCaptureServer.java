package org.unitrace.core.integration.epcis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.unitrace.core.epcis.EpcisValidator;

/**
 * A trading partner's EPCIS 2.0 capture interface, as the REST binding's OpenAPI describes it:
 * {@code POST /capture} validates the EPCISDocument against the official JSON Schema and answers
 * 202 with {@code Location: /capture/{captureID}}; {@code GET /capture/{captureID}} reports {@code
 * running}, {@code success}, {@code captureErrorBehaviour} and {@code errors}. Events are stored
 * when a capture job succeeds (all or nothing, as with {@code rollback}). It can be told to fail
 * for a while: answer 500 to posts, fail capture jobs with errors, or answer 500 to status
 * questions.
 */
final class EpcisCaptureServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final EpcisValidator validator = new EpcisValidator();
  private final String bearer;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<String, Capture> captures = new ConcurrentHashMap<>();

  /** Every document posted and accepted (202), in order. */
  final List<JsonNode> accepted = new CopyOnWriteArrayList<>();

  /** The eventIDs stored by successful capture jobs; one entry per storing. */
  final List<String> stored = new CopyOnWriteArrayList<>();

  /** Posts answered 500 before the next one is taken. */
  final AtomicInteger failPosts = new AtomicInteger();

  /** Posts refused with 400 (the document "invalid") before the next one is taken. */
  final AtomicInteger rejectPosts = new AtomicInteger();

  /** Capture jobs that end failed with errors (storing nothing) before one succeeds. */
  final AtomicInteger failCaptures = new AtomicInteger();

  /** Status questions answered 500 before the next one is answered. */
  final AtomicInteger failStatus = new AtomicInteger();

  /** How many status questions a capture job answers "running" before it ends. */
  volatile int runningPolls = 1;

  /** Requests of any kind, e.g. posts refused for a bad token. */
  final AtomicInteger posts = new AtomicInteger();

  final AtomicInteger unauthorized = new AtomicInteger();

  private static final class Capture {
    final String id;
    final JsonNode document;
    final boolean fails;
    final String behaviour;
    final Instant createdAt = Instant.now();
    int polls;
    Boolean success;
    final List<JsonNode> errors = new ArrayList<>();

    Capture(String id, JsonNode document, boolean fails, String behaviour) {
      this.id = id;
      this.document = document;
      this.fails = fails;
      this.behaviour = behaviour;
    }
  }

  EpcisCaptureServer(String bearer) throws IOException {
    this.bearer = bearer;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/capture", this::handle);
    server.start();
  }

  String captureUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/capture";
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      if (!("Bearer " + bearer).equals(x.getRequestHeaders().getFirst("Authorization"))) {
        unauthorized.incrementAndGet();
        problem(x, 401, "epcisException:SecurityException", "missing or wrong bearer token");
        return;
      }
      String path = x.getRequestURI().getPath();
      if ("POST".equals(x.getRequestMethod()) && path.equals("/capture")) {
        capture(x);
      } else if ("GET".equals(x.getRequestMethod()) && path.startsWith("/capture/")) {
        status(x, path.substring("/capture/".length()));
      } else {
        problem(x, 405, "epcisException:ImplementationException", "not here: " + path);
      }
    }
  }

  private synchronized void capture(HttpExchange x) throws IOException {
    posts.incrementAndGet();
    if (failPosts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      problem(x, 500, "epcisException:ImplementationException", "capture store is down");
      return;
    }
    if (rejectPosts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      problem(x, 400, "epcisException:ValidationException", "epcList names an unknown GTIN");
      return;
    }
    JsonNode doc;
    try {
      doc = JSON.readTree(x.getRequestBody().readAllBytes());
    } catch (IOException e) {
      problem(x, 400, "epcisException:ValidationException", "not JSON: " + e.getMessage());
      return;
    }
    List<String> violations = validator.violations(doc);
    if (!violations.isEmpty() || !"EPCISDocument".equals(doc.path("type").asText())) {
      problem(x, 400, "epcisException:ValidationException", "invalid document: " + violations);
      return;
    }
    String behaviour = x.getRequestHeaders().getFirst("GS1-Capture-Error-Behaviour");
    String id = "cap" + ids.incrementAndGet();
    boolean fails = failCaptures.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    captures.put(id, new Capture(id, doc, fails, behaviour == null ? "rollback" : behaviour));
    accepted.add(doc);
    x.getResponseHeaders().add("Location", "/capture/" + id);
    x.getResponseHeaders().add("GS1-EPCIS-Version", "2.0.0");
    x.sendResponseHeaders(202, -1);
  }

  private synchronized void status(HttpExchange x, String id) throws IOException {
    Capture c = captures.get(id);
    if (c == null) {
      problem(x, 404, "epcisException:NoSuchResourceException", "no capture job " + id);
      return;
    }
    if (failStatus.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      problem(x, 500, "epcisException:ImplementationException", "status store is down");
      return;
    }
    c.polls++;
    if (c.success == null && c.polls > runningPolls) {
      if (c.fails) {
        c.success = false;
        ObjectNode error = JSON.createObjectNode();
        error.put("type", "epcisException:ValidationException");
        error.put("title", "event rejected");
        error.put("detail", "bizLocation unknown to this repository");
        error.put("status", 400);
        c.errors.add(error);
      } else {
        c.success = true;
        c.document
            .path("epcisBody")
            .path("eventList")
            .forEach(e -> stored.add(e.path("eventID").asText()));
      }
    }
    ObjectNode report = JSON.createObjectNode();
    report.put("captureID", c.id);
    report.put("createdAt", c.createdAt.toString());
    report.put("running", c.success == null);
    report.put("success", Boolean.TRUE.equals(c.success));
    report.put("captureErrorBehaviour", c.behaviour);
    report.putArray("errors").addAll(c.errors);
    send(x, 200, "application/json", JSON.writeValueAsBytes(report));
  }

  private static void problem(HttpExchange x, int status, String type, String detail)
      throws IOException {
    ObjectNode p = JSON.createObjectNode();
    p.put("type", type);
    p.put("title", "capture problem");
    p.put("status", status);
    p.put("detail", detail);
    send(x, status, "application/problem+json", JSON.writeValueAsBytes(p));
  }

  private static void send(HttpExchange x, int status, String type, byte[] body)
      throws IOException {
    x.getResponseHeaders().add("Content-Type", type);
    x.sendResponseHeaders(status, body.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(body);
    }
  }

  /** The eventIDs stored, as text, for messages. */
  String storedSummary() {
    return stored.toString();
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
