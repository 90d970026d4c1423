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
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.unitrace.core.support.BuiltJars;
import org.unitrace.sim.demo.DemoPlant;

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

  /**
   * Starts the agent and waits until it reports UP (its sources and the core broker connected). Its
   * JVM is launched as deploy/systemd launches it ({@link DemoPlant#AGENT_JVM_OPTIONS}); {@code
   * -Dagent.jvm.options} replaces those options (to compare), {@code -Dagent.jvm.args} adds more,
   * e.g. {@code -XX:NativeMemoryTracking=summary} to have {@link #memory} break the footprint down.
   */
  void start() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java));
    String options = System.getProperty("agent.jvm.options");
    command.addAll(
        options == null ? DemoPlant.AGENT_JVM_OPTIONS : List.of(options.trim().split("[,\\s]+")));
    String extra = System.getProperty("agent.jvm.args", "").trim();
    if (!extra.isEmpty()) {
      command.addAll(List.of(extra.split("[,\\s]+")));
    }
    command.addAll(
        List.of(
            "-jar",
            BuiltJars.of("edge-agent", "exec").toString(),
            "--unitrace.edge.config=" + config.toAbsolutePath(),
            "--server.port=" + port));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("MALLOC_ARENA_MAX", "2");
    process = builder.start();
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

  /**
   * The agent's resident memory now and at its peak, from /proc (Linux); with native memory
   * tracking on, also what the JVM has committed, by area (jcmd VM.native_memory summary).
   */
  String memory() throws IOException, InterruptedException {
    String rss =
        Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status")).stream()
            .filter(l -> l.startsWith("VmRSS") || l.startsWith("VmHWM"))
            .map(l -> l.replaceAll("\\s+", " "))
            .reduce((a, b) -> a + ", " + b)
            .orElse("unknown");
    if (!System.getProperty("agent.jvm.args", "").contains("NativeMemoryTracking")) {
      return rss;
    }
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    Process nmt =
        new ProcessBuilder(jcmd, String.valueOf(process.pid()), "VM.native_memory", "summary")
            .redirectErrorStream(true)
            .start();
    Pattern area =
        Pattern.compile("^-?\\s*([A-Za-z][^(=:]*?)\\s*[(:]\\s*reserved=\\d+KB, committed=(\\d+)KB");
    StringBuilder committed = new StringBuilder();
    for (String l : new String(nmt.getInputStream().readAllBytes()).split("\n")) {
      Matcher m = area.matcher(l);
      if (m.find() && Long.parseLong(m.group(2)) >= 1024) {
        committed.append(committed.isEmpty() ? "" : ", ");
        committed
            .append(m.group(1))
            .append(' ')
            .append(Long.parseLong(m.group(2)) >> 10)
            .append(" MB");
      }
    }
    nmt.waitFor();
    return rss + "; JVM committed: " + committed;
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
