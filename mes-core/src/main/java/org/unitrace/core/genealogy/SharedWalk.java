package org.unitrace.core.genealogy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The top-level units of several forward traces at once, for ranking: the units all of them start
 * from are walked up in one statement, each once however many traces start from it (a few returned
 * units share most of their lots, runs and serial ranges, and so most of the units those contain),
 * and each trace then follows the parents found, here. A unit is top-level when the walk found no
 * current parent for it; serials are listed in the database's order.
 */
final class SharedWalk {

  /** A named parameter in a seed's SQL (not the second colon of a {@code ::} cast). */
  private static final Pattern PARAMETER = Pattern.compile("(?<!:):([A-Za-z]\\w*)");

  private final JdbcClient jdbc;

  SharedWalk(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** What the statement answers: the traces' seeds, and the walk's units with their parents. */
  private static final class Found {
    final Map<Integer, List<String>> seeds = new HashMap<>();
    final Map<String, List<String>> parents = new HashMap<>();
    final Map<String, Long> order = new HashMap<>();
  }

  /**
   * For each trace (by key), the top-level units of its first {@code limit} seed rows: how many,
   * whether the seeds reached the limit, and the first {@code listed} of them in serial order.
   */
  Map<Integer, ForwardTrace.TopLevelSample> topLevel(
      Map<Integer, TraceSeeds.Seed> traces, int limit, int listed) {
    List<String> branches = new ArrayList<>();
    Map<String, Object> params = new HashMap<>();
    traces.forEach(
        (key, seed) -> {
          String prefix = "q" + key + "_";
          branches.add(
              "SELECT %d AS query, unit_serial FROM (%s LIMIT :rowLimit) q%d"
                  .formatted(
                      key, PARAMETER.matcher(seed.rows()).replaceAll(":" + prefix + "$1"), key));
          seed.params().forEach((name, value) -> params.put(prefix + name, value));
        });
    String sql =
        """
        WITH RECURSIVE seeds AS MATERIALIZED (%s),
        up(serial, child) AS (
          SELECT DISTINCT unit_serial, NULL::text FROM seeds
          UNION
          SELECT p.unit_serial, up.serial FROM up JOIN unit_component p ON p.component_serial = up.serial
           WHERE p.bound_at IS NOT NULL AND p.unbound_at IS NULL
        )
        SELECT NULL::int AS query, serial, child, dense_rank() OVER (ORDER BY serial) AS rank
          FROM up
        UNION ALL
        SELECT query, unit_serial, NULL, NULL FROM seeds
        """
            .formatted(String.join("\nUNION ALL\n", branches));
    Found found = new Found();
    jdbc.sql(sql)
        .params(params)
        .param("rowLimit", limit)
        .query(
            rs -> {
              String serial = rs.getString("serial");
              int query = rs.getInt("query");
              if (!rs.wasNull()) {
                found.seeds.computeIfAbsent(query, k -> new ArrayList<>()).add(serial);
                return;
              }
              found.order.put(serial, rs.getLong("rank"));
              String child = rs.getString("child");
              if (child != null) {
                found.parents.computeIfAbsent(child, k -> new ArrayList<>()).add(serial);
              }
            });
    Map<Integer, ForwardTrace.TopLevelSample> answers = new HashMap<>();
    Map<String, Set<String>> topsOf = new HashMap<>();
    traces
        .keySet()
        .forEach(
            key -> {
              List<String> seeds = found.seeds.getOrDefault(key, List.of());
              Set<String> tops = new HashSet<>();
              for (String seed : new HashSet<>(seeds)) {
                tops.addAll(topsOf.computeIfAbsent(seed, s -> tops(s, found.parents)));
              }
              List<String> first =
                  tops.stream()
                      .sorted(Comparator.comparing(found.order::get))
                      .limit(listed)
                      .toList();
              answers.put(
                  key, new ForwardTrace.TopLevelSample(tops.size(), seeds.size() >= limit, first));
            });
    return answers;
  }

  /** The units reached up from {@code serial} that have no parent (itself, if it has none). */
  private static Set<String> tops(String serial, Map<String, List<String>> parents) {
    Set<String> tops = new HashSet<>();
    Set<String> seen = new HashSet<>(List.of(serial));
    Deque<String> next = new ArrayDeque<>(seen);
    while (!next.isEmpty()) {
      String s = next.poll();
      List<String> up = parents.get(s);
      if (up == null) {
        tops.add(s);
      } else {
        up.stream().filter(seen::add).forEach(next::add);
      }
    }
    return tops;
  }
}
