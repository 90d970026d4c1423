package org.unitrace.core.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The dashboard statements that are timed on a plant-sized history, kept as {@code .sql} resources
 * beside these classes ({@code org/unitrace/core/dashboard/sql/}), so {@code bench/dashboards.sh}
 * runs the very statements the core runs.
 */
final class DashboardSql {

  private DashboardSql() {}

  /**
   * Matches a mark that failed its check, or a station result with a marker failure code; the
   * hourly rollup's {@code mark_failures} follows it.
   */
  private static final String MARK_FAILURE = read("mark-failure.sql").strip();

  /** The statement in {@code sql/name}. */
  static String read(String name) {
    String resource = "sql/" + name;
    try (InputStream in = DashboardSql.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "SQL resource org/unitrace/core/dashboard/%s is missing".formatted(resource));
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "SQL resource org/unitrace/core/dashboard/%s is unreadable".formatted(resource), e);
    }
  }

  /** The statement in {@code sql/name}, its {@code %1$s} the mark-failure condition. */
  static String withMarkFailure(String name) {
    return read(name).formatted(MARK_FAILURE);
  }
}
