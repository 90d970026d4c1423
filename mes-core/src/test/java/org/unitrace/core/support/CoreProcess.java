package org.unitrace.core.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.unitrace.core.MesCoreApplication;

/**
 * A real mes-core in a process of its own (the test's class path, the README's heap), on a given
 * database and the test broker, for tests that kill it with SIGKILL or run several side by side.
 * Its output goes to {@code target/<name>.log}.
 */
public final class CoreProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final int port;

  private CoreProcess(String name, Process process, int port) {
    this.name = name;
    this.process = process;
    this.port = port;
  }

  /**
   * Starts a core and waits until it answers its health endpoint.
   *
   * @param args more {@code --key=value} arguments (client id, share group, ...)
   */
  public static CoreProcess start(String name, String db, String... args) throws IOException {
    Path log = Path.of("target", name + ".log");
    Files.createDirectories(log.getParent());
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(MesCoreApplication.class.getName());
    command.add("--server.port=" + port);
    command.add("--unitrace.db.url=" + db);
    command.add("--unitrace.mqtt.url=" + TestServers.mqttUrl());
    command.add("--unitrace.data-dir=target/it-data/" + name);
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .directory(new File("."))
            .start();
    CoreProcess core = new CoreProcess(name, process, port);
    await()
        .atMost(Duration.ofSeconds(120))
        .ignoreExceptions()
        .until(
            () -> {
              assertThat(process.isAlive()).as("mes-core process alive, see " + log).isTrue();
              var c =
                  (HttpURLConnection)
                      URI.create(core.url("/actuator/health")).toURL().openConnection();
              return c.getResponseCode() == 200;
            });
    return core;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** SIGKILL: no shutdown hooks, nothing flushed, nothing acknowledged that was not yet. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  public String name() {
    return name;
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
