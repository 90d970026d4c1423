package org.unitrace.core.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL cluster of a test's own, made with {@code initdb} under {@code target/} from the
 * PostgreSQL copy that holds TimescaleDB ({@link TimescaleServer#pgBin()}), on a free loopback port
 * with trust authentication. It preloads nothing: TimescaleDB is installed there but cannot run, as
 * on many packaged and managed servers. Run as root, the server runs as user {@code postgres}.
 */
public final class LocalCluster implements AutoCloseable {

  private final Path dir;
  private final int port;

  private LocalCluster(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** initdb and start; throws with the server's log when either fails. */
  public static LocalCluster start(String name) {
    Path dir = Path.of("target", "clusters", TestServers.unique(name + "-")).toAbsolutePath();
    int port = freePort();
    try {
      Files.createDirectories(dir);
      if (root()) {
        run(List.of("chown", "postgres:postgres", dir.toString()));
      }
      run(
          pg(
              "initdb",
              "-D",
              dir.toString(),
              "-U",
              "postgres",
              "--auth=trust",
              "--encoding=UTF8",
              "--locale=C.UTF-8"));
      run(
          pg(
              "pg_ctl",
              "-D",
              dir.toString(),
              "-l",
              dir.resolve("server.log").toString(),
              "-o",
              "-c port=" + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''",
              "-w",
              "-t",
              "60",
              "start"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a PostgreSQL cluster in " + dir, e);
    }
    return new LocalCluster(dir, port);
  }

  public String adminDbUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
  }

  /** Stops the server and removes its data folder. */
  @Override
  public void close() {
    try {
      run(pg("pg_ctl", "-D", dir.toString(), "-m", "fast", "-w", "stop"));
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> pg(String program, String... args) {
    List<String> command = new ArrayList<>();
    if (root()) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(TimescaleServer.pgBin().resolve(program).toString());
    command.addAll(List.of(args));
    return command;
  }

  private static void run(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    try {
      if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(String.join(" ", command) + " interrupted", e);
    }
  }

  private static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
