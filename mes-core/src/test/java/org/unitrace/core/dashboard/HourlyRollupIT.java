package org.unitrace.core.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventPayload;
import org.unitrace.contract.EventPayload.Result;
import org.unitrace.core.dashboard.ProductionQueries.Bucket;
import org.unitrace.core.dashboard.ProductionQueries.StationRow;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.TestServers;

/**
 * The long-range production answers from the hourly rollup against the same answers computed from
 * the events alone, on a line whose units straddle hour boundaries and are retested in later hours,
 * with a second batch of events that arrive late, after the rollup ran, for hours it had already
 * computed. The job only runs when the test says so.
 */
@TestPropertySource(properties = "unitrace.dashboard.rollup-interval=PT1H")
class HourlyRollupIT extends CoreITSupport {

  private static final OffsetDateTime FROM = OffsetDateTime.parse("2026-11-20T05:20:00.250Z");
  private static final OffsetDateTime TO = OffsetDateTime.parse("2026-11-22T14:40:00Z");

  /** A range that starts on a whole hour, so its first edge is empty. */
  private static final OffsetDateTime ON_THE_HOUR = OffsetDateTime.parse("2026-11-20T09:00:00Z");

  @Autowired ProductionQueries production;
  @Autowired RollupQueries rollupQueries;
  @Autowired HourlyRollup rollup;

  private final String line = TestServers.unique("R");
  private final String agent = "edge-" + line;
  private final Random random = new Random(7);
  private long seq;

  @Test
  void longRangesFromTheRollupEqualTheAnswersFromTheEvents() {
    List<Event> onTime = new ArrayList<>();
    List<Event> late = new ArrayList<>();
    history(onTime, late);
    post(onTime);
    assertThat(rollup.run()).isPositive();

    TimeRange range = new TimeRange(FROM, TO, Duration.ofHours(1));
    assertThat(rollupQueries.usable(range)).as("the rollup serves a 57-hour range").isPresent();
    assertSameAnswers(range, onTime);

    // as if the on-time events had come in long before the late ones: the next run must find the
    // hours to recompute from the late events alone, not from a rescan of everything
    jdbc.update(
        "UPDATE event SET received_at = received_at - interval '1 hour' WHERE line = ?", line);
    post(late);
    assertThat(stations(range))
        .as("late events are not in the rollup before it runs again")
        .isNotEqualTo(stationsFromEvents(range));
    assertThat(rollup.run()).isPositive();
    List<Event> all = new ArrayList<>(onTime);
    all.addAll(late);
    assertSameAnswers(range, all);
    assertSameAnswers(new TimeRange(FROM, TO, Duration.ofHours(3)), all);
    assertSameAnswers(new TimeRange(ON_THE_HOUR, TO, Duration.ofHours(6)), all);

    // the API answers as before, now from the rollup
    JsonNode view =
        http.getForObject(
            "/api/dashboard/production?from={from}&to={to}&site={site}&line={line}",
            JsonNode.class,
            FROM.toString(),
            TO.toString(),
            SITE,
            line);
    JsonNode test = view.path("lines").path(0).path("stations").path(2);
    StationRow expected = station(stationsFromEvents(range), "TEST");
    assertThat(test.path("station").asText()).isEqualTo("TEST");
    assertThat(test.path("units").asLong()).isEqualTo(expected.units());
    assertThat(test.path("nok").asLong()).isEqualTo(expected.nok());
    assertThat(test.path("firstPassYield").asDouble())
        .isEqualTo((double) expected.firstPassOk() / expected.firstPassUnits());
    assertThat(test.path("p90CycleMs").asDouble())
        .isCloseTo(expected.p90CycleMs(), within(expected.p90CycleMs() * 0.01));
    JsonNode chart =
        http.getForObject(
            "/api/dashboard/lines/{site}/{line}/series?from={from}&to={to}&bucketSeconds=3600",
            JsonNode.class,
            SITE,
            line,
            FROM.toString(),
            TO.toString());
    List<Bucket> buckets = production.seriesFromEvents(range, SITE, line, null);
    assertThat(chart.path("buckets")).hasSize(buckets.size());
    long nok = 0;
    for (JsonNode b : chart.path("buckets")) {
      nok += b.path("nok").asLong();
    }
    assertThat(nok).isEqualTo(buckets.stream().mapToLong(Bucket::nok).sum()).isPositive();

    // two instances at once: one takes the lock, the other skips; the answers stay the same
    var first = CompletableFuture.supplyAsync(rollup::run);
    var second = CompletableFuture.supplyAsync(rollup::run);
    CompletableFuture.allOf(first, second).join();
    assertSameAnswers(range, all);

    // an hour still waiting to be recomputed: the range is read from the events until it is done
    jdbc.update(
        "INSERT INTO station_hourly_dirty (site, line, station, hour) VALUES (?, ?, 'TEST', ?)",
        SITE,
        line,
        OffsetDateTime.parse("2026-11-21T10:00:00Z"));
    assertThat(rollupQueries.usable(range)).isEmpty();
    assertThat(stations(range)).isEqualTo(stationsFromEvents(range));
    rollup.run();
    assertThat(rollupQueries.usable(range)).isPresent();
  }

  @Test
  void aUnitAtTheStationBeforeTheRangeIsCountedWhereItCameFirst() {
    List<Event> events = new ArrayList<>();
    Instant start = Instant.parse("2026-11-10T08:00:00Z");
    String serial = line + "-STRADDLE";
    events.add(event(start, "TEST", result(serial, Result.NOK, "LEAK", 4000)));
    events.add(
        event(start.plus(Duration.ofMinutes(20)), "TEST", result(serial, Result.OK, null, 3900)));
    events.add(
        event(
            start.plus(Duration.ofHours(30)),
            "TEST",
            result(line + "-LATER", Result.OK, null, 3000)));
    post(events);
    rollup.run();

    TimeRange range =
        new TimeRange(
            start.plus(Duration.ofMinutes(10)).atOffset(ZoneOffset.UTC),
            start.plus(Duration.ofHours(40)).atOffset(ZoneOffset.UTC),
            Duration.ofHours(1));
    StationRow fromRollup = station(stations(range), "TEST");
    StationRow fromEvents = station(stationsFromEvents(range), "TEST");
    // the events alone see the straddling unit's first result in the range, its OK retest
    assertThat(fromEvents.units()).isEqualTo(2);
    assertThat(fromEvents.firstPassUnits()).isEqualTo(2);
    assertThat(fromEvents.firstPassOk()).isEqualTo(2);
    // the rollup counts a unit where it first came to the station: before the range
    assertThat(fromRollup.units()).isEqualTo(1);
    assertThat(fromRollup.firstPassUnits()).isEqualTo(1);
    assertThat(fromRollup.firstPassOk()).isEqualTo(1);
    assertThat(fromRollup.results()).isEqualTo(fromEvents.results()).isEqualTo(2);
    assertThat(fromRollup.ok()).isEqualTo(fromEvents.ok()).isEqualTo(2);
  }

  private void assertSameAnswers(TimeRange range, List<Event> events) {
    List<StationRow> expected = stationsFromEvents(range);
    List<StationRow> actual = stations(range);
    assertThat(actual).hasSameSizeAs(expected).hasSize(3);
    for (int i = 0; i < expected.size(); i++) {
      StationRow e = expected.get(i);
      StationRow a = actual.get(i);
      assertThat(a)
          .as("station %s over %s..%s", e.station(), range.from(), range.to())
          .usingRecursiveComparison()
          .ignoringFields("avgCycleMs", "p90CycleMs")
          .isEqualTo(e);
      if (e.avgCycleMs() == null) {
        assertThat(a.avgCycleMs()).isNull();
        assertThat(a.p90CycleMs()).isNull();
      } else {
        assertThat(a.avgCycleMs()).isCloseTo(e.avgCycleMs(), within(1e-6));
        assertThat(a.p90CycleMs())
            .as("p90 of %s within 1 %%", e.station())
            .isCloseTo(e.p90CycleMs(), within(e.p90CycleMs() * 0.01));
      }
    }
    assertThat(expected).anySatisfy(r -> assertThat(r.nok()).isPositive());
    assertThat(expected).anySatisfy(r -> assertThat(r.markFailures()).isPositive());
    assertThat(expected)
        .as("some units were retested, so first pass differs from all results")
        .anySatisfy(r -> assertThat(r.firstPassUnits()).isLessThan(r.results()));

    List<Bucket> expectedSeries = production.seriesFromEvents(range, SITE, line, null);
    List<Bucket> actualSeries = production.series(range, SITE, line, null);
    assertThat(actualSeries).hasSameSizeAs(expectedSeries).hasSizeGreaterThan(5);
    for (int i = 0; i < expectedSeries.size(); i++) {
      Bucket e = expectedSeries.get(i);
      Bucket a = actualSeries.get(i);
      assertThat(a).usingRecursiveComparison().ignoringFields("avgCycleMs").isEqualTo(e);
      if (e.avgCycleMs() == null) {
        assertThat(a.avgCycleMs()).isNull();
      } else {
        assertThat(a.avgCycleMs()).isCloseTo(e.avgCycleMs(), within(1e-6));
      }
    }
    assertThat(events).isNotEmpty();
  }

  private List<StationRow> stations(TimeRange range) {
    return production.stations(range, SITE, line);
  }

  private List<StationRow> stationsFromEvents(TimeRange range) {
    return production.stationsFromEvents(range, SITE, line);
  }

  private static StationRow station(List<StationRow> rows, String code) {
    return rows.stream().filter(r -> r.station().equals(code)).findFirst().orElseThrow();
  }

  /**
   * A unit every ~10 minutes from 3 hours before the range to 2 hours after it: serialized and
   * mark-checked at MARK, tested at TEST (some fail and are retested 45 minutes later, often in the
   * next hour), packed at PACK (some with a marker failure). One unit sits exactly on an hour. No
   * unit starts within an hour of a range's start: the rollup counts a unit where it first came to
   * a station, the events alone wherever it is in the range, and those differ only for units that
   * were at a station before the range and again in it. The late batch: earlier failed tests of
   * units whose OK test is on time (which changes first-pass counts of hours already computed), and
   * extra mark checks in old hours.
   */
  private void history(List<Event> onTime, List<Event> late) {
    Instant first = FROM.toInstant().minus(Duration.ofHours(3));
    Instant last = TO.toInstant().plus(Duration.ofHours(2));
    List<Instant> starts = new ArrayList<>();
    for (Instant t = first; t.isBefore(last); t = t.plusSeconds(540 + random.nextInt(120))) {
      if (!nearAStart(t, FROM) && !nearAStart(t, ON_THE_HOUR)) {
        starts.add(t);
      }
    }
    starts.add(Instant.parse("2026-11-21T00:00:00Z"));
    starts.sort(Comparator.naturalOrder());
    for (int i = 0; i < starts.size(); i++) {
      Instant t = starts.get(i);
      String serial = "%s-%05d".formatted(line, i);
      onTime.add(event(t, "MARK", new EventPayload.UnitSerialized(serial, "PUMP", "A", "RUN-1")));
      boolean markOk = i % 17 != 0;
      onTime.add(
          event(
              t.plusSeconds(30),
              "MARK",
              new EventPayload.MarkVerified(
                  serial, markOk, markOk ? "A" : "F", serial, "DM", markOk ? null : "GRADE_F")));
      Instant test = t.plusSeconds(50 + 20 * (i % 5));
      if (i % 7 == 0) {
        onTime.add(event(test, "TEST", result(serial, Result.NOK, "LEAK", cycle())));
        onTime.add(
            event(
                test.plus(Duration.ofMinutes(45)),
                "TEST",
                result(serial, Result.OK, null, cycle())));
      } else if (i % 11 == 3) {
        // its failed first test arrives late, after the rollup ran
        late.add(
            event(
                test.minus(Duration.ofMinutes(50)),
                "TEST",
                result(serial, Result.NOK, "LEAK", cycle())));
        onTime.add(event(test, "TEST", result(serial, Result.OK, null, cycle())));
      } else {
        onTime.add(event(test, "TEST", result(serial, Result.OK, null, cycle())));
      }
      boolean marker = i % 23 == 0;
      onTime.add(
          event(
              t.plusSeconds(200),
              "PACK",
              result(
                  serial,
                  marker ? Result.NOK : Result.OK,
                  marker ? "MARKER_UNREADABLE" : null,
                  1000L + random.nextInt(500))));
      if (i % 13 == 5) {
        late.add(
            event(
                t.plusSeconds(100),
                "MARK",
                new EventPayload.MarkVerified(serial, true, "B", serial, "DM")));
      }
    }
  }

  private static boolean nearAStart(Instant t, OffsetDateTime start) {
    return Duration.between(t, start.toInstant()).abs().compareTo(Duration.ofMinutes(65)) < 0;
  }

  private long cycle() {
    return random.nextInt(10) == 0 ? 20 + random.nextInt(30) : 2000 + random.nextInt(7000);
  }

  private static EventPayload.StationResult result(
      String serial, Result result, String failure, long cycleMs) {
    return new EventPayload.StationResult(serial, result, failure, cycleMs, Map.of());
  }

  private Event event(Instant at, String station, EventPayload payload) {
    return new Event(UUID.randomUUID(), 1, at, SITE, line, station, agent, seq++, payload);
  }

  private void post(List<Event> events) {
    Map<String, Integer> statuses = new HashMap<>();
    for (int from = 0; from < events.size(); from += 2000) {
      List<Event> chunk = events.subList(from, Math.min(events.size(), from + 2000));
      postBatch(chunk)
          .getBody()
          .forEach(r -> statuses.merge(r.path("status").asText(), 1, Integer::sum));
    }
    assertThat(statuses).containsExactly(Map.entry("stored", events.size()));
  }
}
