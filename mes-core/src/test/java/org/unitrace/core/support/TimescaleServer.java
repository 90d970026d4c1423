package org.unitrace.core.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The PostgreSQL server with TimescaleDB preloaded that the Timescale ITs talk to, beside the plain
 * one of {@link TestServers}: {@code UNITRACE_TSDB_URL}, as {@code .ci/run} sets it, else {@code
 * 127.0.0.1:5433}. {@code .ci/timescaledb.sh} builds TimescaleDB from the vendored source into a
 * copy of PostgreSQL 15 ({@code UNITRACE_TSDB_PGBIN}) and runs that cluster.
 *
 * <p>A class marked {@link Required} fails when {@code UNITRACE_TSDB_URL} is set (CI sets it) and
 * that server is missing or does not preload TimescaleDB; with the variable unset and no such
 * server on 5433, it is skipped with a message saying how to get one.
 */
public final class TimescaleServer {

  private TimescaleServer() {}

  public static String adminDbUrl() {
    return env("UNITRACE_TSDB_URL", "jdbc:postgresql://127.0.0.1:5433/postgres?user=postgres");
  }

  /** The bin folder of the PostgreSQL 15 copy that holds TimescaleDB: initdb, pg_ctl, postgres. */
  public static Path pgBin() {
    return Path.of(env("UNITRACE_TSDB_PGBIN", "/opt/unitrace-pg15-tsdb/usr/lib/postgresql/15/bin"));
  }

  /** A new empty database on the TimescaleDB server; its JDBC URL. */
  public static String createDatabase() {
    return TestServers.createDatabase(adminDbUrl());
  }

  /**
   * Marks a test class that needs the TimescaleDB server (and the PostgreSQL copy it runs from).
   */
  @Target(ElementType.TYPE)
  @Retention(RetentionPolicy.RUNTIME)
  @ExtendWith(Condition.class)
  public @interface Required {}

  static final class Condition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      String problem = problem();
      if (problem == null) {
        return ConditionEvaluationResult.enabled("TimescaleDB server at " + adminDbUrl());
      }
      if (System.getenv("UNITRACE_TSDB_URL") != null) {
        throw new IllegalStateException(
            "UNITRACE_TSDB_URL is set but " + problem + " (bash .ci/timescaledb.sh starts it)");
      }
      return ConditionEvaluationResult.disabled(
          "No TimescaleDB test server: "
              + problem
              + ". `sudo bash .ci/timescaledb.sh` builds TimescaleDB into a copy of PostgreSQL 15"
              + " and starts it on 5433 (.ci/run does so and sets UNITRACE_TSDB_URL)");
    }

    private static String problem() {
      try (Connection c = DriverManager.getConnection(adminDbUrl());
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT current_setting('shared_preload_libraries') LIKE '%timescaledb%'")) {
        rs.next();
        if (!rs.getBoolean(1)) {
          return "the server at " + adminDbUrl() + " does not preload timescaledb";
        }
      } catch (SQLException e) {
        return "no server answers at " + adminDbUrl() + " (" + e.getMessage() + ")";
      }
      if (!Files.isExecutable(pgBin().resolve("initdb"))) {
        return "the PostgreSQL copy with TimescaleDB is not at " + pgBin();
      }
      return null;
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
