package org.unitrace.core.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The real servers the integration tests talk to: PostgreSQL and an MQTT 5 broker, from {@code
 * UNITRACE_DB_URL} / {@code UNITRACE_MQTT_URL} (as {@code .ci/run} sets them), else loopback
 * defaults. Each test class gets a database of its own.
 */
public final class TestServers {

  private TestServers() {}

  public static String adminDbUrl() {
    return env("UNITRACE_DB_URL", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
  }

  public static String mqttUrl() {
    return env("UNITRACE_MQTT_URL", "tcp://127.0.0.1:1884");
  }

  /** Points the Spring test context at a new empty database on the test server. */
  public static void useNewDatabase(DynamicPropertyRegistry registry) {
    String db = createDatabase();
    registry.add("unitrace.db.url", () -> db);
  }

  /**
   * Points the Spring test context at the MQTT broker {@code url}, with a client id and share group
   * no other context uses (named from {@code prefix}); that id.
   */
  public static String useBroker(
      DynamicPropertyRegistry registry, String prefix, Supplier<Object> url) {
    String id = unique(prefix);
    registry.add("unitrace.mqtt.url", url);
    registry.add("unitrace.mqtt.client-id", () -> id);
    registry.add("unitrace.mqtt.share-group", () -> id);
    return id;
  }

  /** A new empty database on the test server; its JDBC URL. */
  public static String createDatabase() {
    return createDatabase(adminDbUrl());
  }

  /**
   * A new empty database on the server {@code adminUrl} reaches; its JDBC URL. It is dropped when
   * the test JVM ends (contexts and databases are shared between test classes of one JVM), unless
   * {@code UNITRACE_KEEP_IT_DATABASES} is set, to look into one after a failure.
   */
  public static String createDatabase(String adminUrl) {
    String name = "unitrace_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot create a test database on " + adminUrl + ": " + e.getMessage(), e);
    }
    CREATED.put(name, adminUrl);
    return withDatabase(adminUrl, name);
  }

  private static final Map<String, String> CREATED = new ConcurrentHashMap<>();

  static {
    if (System.getenv("UNITRACE_KEEP_IT_DATABASES") == null) {
      Runtime.getRuntime().addShutdownHook(new Thread(TestServers::dropCreated, "drop-it-dbs"));
    }
  }

  private static void dropCreated() {
    CREATED.forEach(
        (name, adminUrl) -> {
          try (Connection c = DriverManager.getConnection(adminUrl);
              Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
          } catch (SQLException e) {
            System.err.println("test database " + name + " not dropped: " + e.getMessage());
          }
        });
  }

  /** {@code url} with its database name replaced by {@code name}, query string kept. */
  static String withDatabase(String url, String name) {
    int query = url.indexOf('?');
    String base = query < 0 ? url : url.substring(0, query);
    String params = query < 0 ? "" : url.substring(query);
    return base.substring(0, base.lastIndexOf('/') + 1) + name + params;
  }

  /**
   * A TCP port free now, for a server a test starts once. A server a test stops and starts again
   * while clients keep reconnecting takes {@code org.unitrace.sim.ListenPorts.free()} instead: a
   * port from this range can be taken by a reconnecting client.
   */
  public static int freePort() {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port to listen on", e);
    }
  }

  /** A name no other test run uses: for MQTT client ids, share groups and plant codes. */
  public static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
