package org.unitrace.core.security.mqtt;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.unitrace.core.support.TestServers;

/**
 * Mosquitto as {@code deploy/mosquitto/} sets it up for a plant: users and ACL written by the real
 * {@code add-core.sh} / {@code add-agent.sh}, and {@code unitrace.conf} changed only where a test
 * must (port, file locations, log to stderr). Everything lives in one folder under {@code target/}.
 */
final class DeployedBroker implements AutoCloseable {

  private final Path dir;
  private final Path deploy;
  private final int agentPort;
  private final int corePort;
  private Process process;

  private DeployedBroker(Path dir, Path deploy, int agentPort, int corePort) {
    this.dir = dir;
    this.deploy = deploy;
    this.agentPort = agentPort;
    this.corePort = corePort;
  }

  /** Whether this machine can run it: the broker and its password tool on the PATH. */
  static boolean installed() {
    return onPath("mosquitto") && onPath("mosquitto_passwd");
  }

  /** A broker in {@code dir} with no users yet, not started. */
  static DeployedBroker in(Path dir) throws IOException {
    Files.createDirectories(dir);
    return new DeployedBroker(
        dir.toAbsolutePath(), deployDirectory(), TestServers.freePort(), TestServers.freePort());
  }

  /** The edge agents' listener (1883 in unitrace.conf). */
  String agentUrl() {
    return "tcp://127.0.0.1:" + agentPort;
  }

  /** The mes-core instances' listener (1884 in unitrace.conf). */
  String coreUrl() {
    return "tcp://127.0.0.1:" + corePort;
  }

  /** Runs {@code add-core.sh} with these arguments; what it printed. */
  String addCore(String... args) {
    return run("add-core.sh", args);
  }

  /** Runs {@code add-agent.sh} with these arguments; what it printed. */
  String addAgent(String... args) {
    return run("add-agent.sh", args);
  }

  /** The password a script generated: the line after "shown only this once". */
  static String generatedPassword(String output) {
    List<String> lines = output.lines().toList();
    for (int i = 0; i < lines.size() - 1; i++) {
      if (lines.get(i).contains("shown only this once")) {
        return lines.get(i + 1).trim();
      }
    }
    throw new IllegalStateException("no generated password in:\n" + output);
  }

  void start() throws IOException {
    Path data = Files.createDirectories(dir.resolve("data"));
    Path conf = dir.resolve("unitrace.conf");
    List<String> shipped = Files.readAllLines(deploy.resolve("unitrace.conf"));
    Files.write(conf, adapt(shipped, data));
    Path log = dir.resolve("mosquitto.log");
    process =
        new ProcessBuilder("mosquitto", "-c", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> !process.isAlive() || (accepts(agentPort) && accepts(corePort)));
    if (!process.isAlive()) {
      throw new IllegalStateException(
          "mosquitto -c %s exited with %d:%n%s"
              .formatted(conf, process.exitValue(), Files.readString(log)));
    }
  }

  /**
   * The shipped configuration with what cannot stay: the ports (free ones, loopback only), the
   * files (into this folder), the log (to stderr, which goes to {@code mosquitto.log}). The user
   * Mosquitto drops to stays: as root, the data folder is handed to that user, so the test also
   * proves that the files the scripts write are readable by it.
   */
  private List<String> adapt(List<String> shipped, Path data) throws IOException {
    List<String> conf = new ArrayList<>();
    boolean logged = false;
    for (String line : shipped) {
      String[] words = line.trim().split("\\s+", 2);
      String key = words[0];
      String value = words.length > 1 ? words[1] : "";
      switch (key.startsWith("#") ? "" : key) {
        case "listener" -> {
          int port =
              switch (value) {
                case "1883" -> agentPort;
                case "1884" -> corePort;
                default ->
                    throw new IllegalStateException(
                        "unitrace.conf has a listener not known here: " + line);
              };
          conf.add("listener " + port + " 127.0.0.1");
        }
        case "password_file", "acl_file" ->
            conf.add(key + " " + dir.resolve("etc").resolve(Path.of(value).getFileName()));
        case "persistence_location" -> conf.add("persistence_location " + data + "/");
        case "pid_file" -> {}
        case "log_dest" -> {
          if (!logged) {
            conf.add("log_dest stderr");
            logged = true;
          }
        }
        case "user" -> conf.add("user " + runAs(value, data));
        default -> conf.add(line);
      }
    }
    return conf;
  }

  /** As root, the data folder goes to the user Mosquitto drops to (root if there is none). */
  private static String runAs(String user, Path data) throws IOException {
    if (!"root".equals(System.getProperty("user.name"))) {
      return user; // Mosquitto changes user only when started as root
    }
    try {
      var owner = data.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
      Files.setOwner(data, owner);
      return user;
    } catch (UserPrincipalNotFoundException e) {
      return "root";
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  String log() {
    try {
      return Files.readString(dir.resolve("mosquitto.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  private String run(String script, String... args) {
    List<String> command = new ArrayList<>(List.of("bash", deploy.resolve(script).toString()));
    command.addAll(List.of(args));
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("UNITRACE_BROKER_DIR", dir.resolve("etc").toString());
      Process run = builder.start();
      String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!run.waitFor(30, TimeUnit.SECONDS) || run.exitValue() != 0) {
        throw new IllegalStateException(script + " failed:\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + script, e);
    }
  }

  /** {@code deploy/mosquitto/} of this repository, found upwards from the working directory. */
  private static Path deployDirectory() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("deploy/mosquitto");
      if (Files.isRegularFile(candidate.resolve("unitrace.conf"))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "deploy/mosquitto/unitrace.conf not found above " + Path.of("").toAbsolutePath());
  }

  private static boolean onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(File.pathSeparator))
        .filter(s -> !s.isEmpty())
        .map(s -> Path.of(s, program))
        .anyMatch(Files::isExecutable);
  }
}
