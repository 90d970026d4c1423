package org.unitrace.core.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.unitrace.core.MesCoreApplication;

/**
 * A whole mes-core in a JVM of its own with the heap a plant gives it ({@code -Xmx}), on the test
 * broker: what a test needs when the question is how the real process behaves under its memory
 * limit, when it is killed with SIGKILL, or when several run side by side on one database, which an
 * in-process core sharing the test JVM cannot answer. Its output goes to {@code target/<name>.log}.
 */
public final class CoreProcess implements AutoCloseable {

  private final String adminPassword;
  private final String db;
  private final Path log;
  private final int port;
  private final Process process;
  private final HttpClient client = HttpClient.newHttpClient();

  private CoreProcess(String adminPassword, String db, Path log, int port, Process process) {
    this.adminPassword = adminPassword;
    this.db = db;
    this.log = log;
    this.port = port;
    this.process = process;
  }

  /**
   * Starts mes-core with {@code -Xmx<heap>} on a fresh database of its own, with its own MQTT
   * client id and share group, and the given extra arguments; waits until healthy.
   */
  public static CoreProcess start(String name, String heap, String... arguments)
      throws IOException {
    String id = TestServers.unique(name + "-");
    List<String> args = new ArrayList<>();
    args.add("--unitrace.mqtt.client-id=" + id);
    args.add("--unitrace.mqtt.share-group=" + id);
    args.add("--unitrace.mqtt.session-expiry=PT2M");
    args.addAll(List.of(arguments));
    return launch(id, heap, TestServers.createDatabase(), TestServers.unique("admin-pw-"), args);
  }

  /**
   * Starts mes-core (the README's heap) on a given database, beside other processes on it; the
   * caller names its MQTT client id and share group in {@code arguments}. Every process on one
   * database must be given the same admin password: the first one to start creates the admin.
   */
  public static CoreProcess onDatabase(
      String name, String db, String adminPassword, String... arguments) throws IOException {
    return launch(name, "512m", db, adminPassword, List.of(arguments));
  }

  private static CoreProcess launch(
      String name, String heap, String db, String adminPassword, List<String> arguments)
      throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Path log = Path.of("target", name + ".log");
    Files.createDirectories(log.getParent());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(MesCoreApplication.class.getName());
    command.add("--server.port=" + port);
    command.add("--unitrace.db.url=" + db);
    command.add("--unitrace.mqtt.url=" + TestServers.mqttUrl());
    command.add("--unitrace.data-dir=target/it-data/" + name);
    command.add("--unitrace.security.admin-password=" + adminPassword);
    command.addAll(arguments);
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    CoreProcess core = new CoreProcess(adminPassword, db, log, port, process);
    core.awaitHealthy();
    return core;
  }

  private void awaitHealthy() {
    await()
        .atMost(Duration.ofSeconds(120))
        .ignoreExceptions()
        .until(
            () -> {
              assertThat(process.isAlive()).as("mes-core process alive, see " + log).isTrue();
              // the first admin is made once the core has started, after health is UP
              return send(get("/actuator/health", null)).statusCode() == 200
                  && send(get("/api/me", admin())).statusCode() == 200;
            });
  }

  /** SIGKILL: no shutdown hooks, nothing flushed, nothing acknowledged that was not yet. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** The URL of {@code path} on this process. */
  public String url(String path) {
    return uri(path).toString();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** What the process logged so far. */
  public String log() throws IOException {
    return Files.readString(log, StandardCharsets.ISO_8859_1);
  }

  /** The JDBC URL of the process's own database. */
  public String db() {
    return db;
  }

  /** Basic credentials of the first admin. */
  public String admin() {
    return basic("admin", adminPassword);
  }

  public static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  public HttpRequest.Builder get(String path, String authorization) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
    return authorization == null ? b : b.header("Authorization", authorization);
  }

  public HttpRequest.Builder post(String path, String authorization, String json) {
    return HttpRequest.newBuilder(uri(path))
        .header("Authorization", authorization)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
  }

  public HttpResponse<byte[]> send(HttpRequest.Builder request) {
    try {
      return client.send(
          request.timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(
          "mes-core did not answer (alive: %s, see %s): %s".formatted(isAlive(), log, e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
