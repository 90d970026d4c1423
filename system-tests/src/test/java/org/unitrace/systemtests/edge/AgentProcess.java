package org.unitrace.systemtests.edge;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.unitrace.core.support.BuiltJars;

/**
 * The edge agent as plant IT runs it: its executable jar in a JVM of its own, so a test can kill it
 * with SIGKILL (no shutdown hook, nothing flushed) and start it again on the same files.
 */
final class AgentProcess implements AutoCloseable {

  private final Path config;
  private final Path log;
  private final int port;
  private Process process;

  AgentProcess(Path config) throws IOException {
    this.config = config;
    this.log = config.resolveSibling("agent.log");
    try (ServerSocket probe = new ServerSocket(0)) {
      this.port = probe.getLocalPort();
    }
  }

  /** Starts the agent and waits until it reports UP (its sources and the core broker connected). */
  void start() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    process =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx256m",
                    "-jar",
                    BuiltJars.of("edge-agent", "exec").toString(),
                    "--unitrace.edge.config=" + config.toAbsolutePath(),
                    "--server.port=" + port))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    HttpClient http = HttpClient.newHttpClient();
    // seconds on an idle machine; more than a minute on a loaded one
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException("agent exited; see " + log);
              }
              try {
                var response =
                    http.send(
                        HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                            .build(),
                        HttpResponse.BodyHandlers.ofString());
                return response.statusCode() == 200;
              } catch (IOException e) {
                return false;
              }
            });
  }

  /** The agent's resident memory now and at its peak, from /proc (Linux). */
  String memory() throws IOException {
    return Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status")).stream()
        .filter(l -> l.startsWith("VmRSS") || l.startsWith("VmHWM"))
        .map(l -> l.replaceAll("\\s+", " "))
        .reduce((a, b) -> a + ", " + b)
        .orElse("unknown");
  }

  /** SIGKILL. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      process.waitFor();
    }
  }
}
