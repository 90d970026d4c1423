package org.unitrace.core.integration.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server that takes webhooks: records every request with what it answered. A path can
 * be made to answer 500 until a moment, or always.
 */
final class WebhookReceiver implements AutoCloseable {

  record Request(String path, Map<String, String> headers, String body, int answered) {
    String header(String name) {
      return headers.get(name.toLowerCase());
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Instant> failUntil = new ConcurrentHashMap<>();

  WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    server.createContext(
        "/",
        exchange -> {
          byte[] body;
          try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
          }
          String path = exchange.getRequestURI().getPath();
          Instant until = failUntil.get(path);
          int status = until != null && Instant.now().isBefore(until) ? 500 : 200;
          Map<String, String> headers = new java.util.HashMap<>();
          exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
          requests.add(
              new Request(path, headers, new String(body, StandardCharsets.UTF_8), status));
          byte[] answer = (status == 200 ? "thanks" : "broken").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  void failAlways(String path) {
    failUntil.put(path, Instant.MAX);
  }

  void recover(String path) {
    failUntil.remove(path);
  }

  List<Request> on(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  List<Request> accepted(String path) {
    return on(path).stream().filter(r -> r.answered() == 200).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
