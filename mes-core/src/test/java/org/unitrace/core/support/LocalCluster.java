package org.unitrace.core.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.unitrace.sim.ListenPorts;

/**
 * A PostgreSQL cluster of a test's own, made with {@code initdb} under {@code target/} from the
 * PostgreSQL copy that holds TimescaleDB ({@link TimescaleServer#pgBin()}), on a free loopback port
 * with trust authentication. It preloads nothing: TimescaleDB is installed there but cannot run, as
 * on many packaged and managed servers. Run as root, the server runs as user {@code postgres}. A
 * test may stop and start it ({@link #stopServer}, {@link #startServer}): it is no one else's.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
public final class LocalCluster implements AutoCloseable {

  /** Debian's PostgreSQL 15, the one the shared test server on 5432 runs. */
  public static final Path DEBIAN_PG15 = Path.of("/usr/lib/postgresql/15/bin");

  private final Path dir;
  private final int port;
  private final Path bin;

  /** initdb and start; throws with the server's log when either fails. */
  public static LocalCluster start(String name) {
    return start(name, TimescaleServer.pgBin());
  }

  /** initdb and start with the PostgreSQL programs in {@code bin}. */
  public static LocalCluster start(String name, Path bin) {
    Path dir = Path.of("target", "clusters", TestServers.unique(name + "-")).toAbsolutePath();
    LocalCluster cluster = new LocalCluster(dir, ListenPorts.free(), bin);
    try {
      Files.createDirectories(dir);
      if (root()) {
        run(List.of("chown", "postgres:postgres", dir.toString()));
      }
      run(
          cluster.pg(
              "initdb",
              "-D",
              dir.toString(),
              "-U",
              "postgres",
              "--auth=trust",
              "--encoding=UTF8",
              "--locale=C.UTF-8"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a PostgreSQL cluster in " + dir, e);
    }
    cluster.startServer();
    return cluster;
  }

  /** Starts the server on its data folder and port; returns once it takes connections. */
  public void startServer() {
    try {
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
      throw new UncheckedIOException("cannot start the PostgreSQL cluster in " + dir, e);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(e.getMessage() + "\nserver.log ends:\n" + logTail(), e);
    }
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("server.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  /** Stops the server ({@code -m fast}: sessions are ended, as in a plant's restart). */
  public void stopServer() {
    try {
      run(pg("pg_ctl", "-D", dir.toString(), "-m", "fast", "-w", "stop"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop the PostgreSQL cluster in " + dir, e);
    }
  }

  /** The URL of database {@code name} on this cluster, as user postgres. */
  public String dbUrl(String name) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + name + "?user=postgres";
  }

  public String adminDbUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
  }

  /** Stops the server and removes its data folder. */
  @Override
  public void close() {
    try {
      stopServer();
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<String> pg(String program, String... args) {
    List<String> command = new ArrayList<>();
    if (root()) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(bin.resolve(program).toString());
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

  /** Whether this JVM runs as root (then the server runs as user postgres). */
  public static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }
}
