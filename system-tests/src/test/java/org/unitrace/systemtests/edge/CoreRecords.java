package org.unitrace.systemtests.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.JdbcTemplate;

/** What the core recorded for a test line's site, read back from its database. */
@RequiredArgsConstructor
final class CoreRecords {

  private final JdbcTemplate jdbc;

  /**
   * The site's station results, oldest first: "unit result failureCode processValues", with "-" for
   * no failure code and no process values.
   */
  List<String> results(String site) {
    return jdbc.queryForList(
        "SELECT unit_serial || ' ' || result || ' ' || coalesce(failure_code, '-')"
            + " || ' ' || coalesce(process_values::text, '-') FROM station_event"
            + " WHERE site = ? AND type = 'StationResult' ORDER BY time",
        String.class,
        site);
  }

  /** Waits until the site's station results are exactly {@code expected} (see {@link #results}). */
  void awaitResults(String site, String... expected) {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(results(site)).containsExactly(expected));
  }

  /** How many station results the site has. */
  int resultCount(String site) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM station_event WHERE site = ? AND type = 'StationResult'",
        Integer.class,
        site);
  }

  /** The site's station states, oldest first: "state {@code detail}", detail a SQL expression. */
  List<String> states(String site, String detail) {
    return jdbc.queryForList(
        "SELECT state || ' ' || " + detail + " FROM station_state WHERE site = ? ORDER BY time",
        String.class,
        site);
  }

  /** Waits until the site's station states (see {@link #states}) pass {@code check}. */
  void awaitStates(String site, String detail, Consumer<List<String>> check) {
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> check.accept(states(site, detail)));
  }

  /** A unit's results at one station, oldest first: each its failure code, or "OK". */
  List<String> failures(String serial, String station) {
    return jdbc.queryForList(
        "SELECT coalesce(failure_code, 'OK') FROM station_event"
            + " WHERE unit_serial = ? AND type = 'StationResult' AND station = ? ORDER BY time",
        String.class,
        serial,
        station);
  }

  /** Waits until the unit's results at the station (see {@link #failures}) pass {@code check}. */
  void awaitFailures(String serial, String station, Consumer<List<String>> check) {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> check.accept(failures(serial, station)));
  }

  /** Cycles the agent recorded as completed but not captured, summed over its gap records. */
  long notCaptured(String site) {
    return jdbc.queryForObject(
        """
        SELECT coalesce(sum((payload->>'count')::bigint), 0) FROM event
        WHERE site = ? AND type = 'CyclesNotCaptured'
        """,
        Long.class,
        site);
  }
}
