package org.unitrace.core.dashboard;

import java.time.Duration;
import java.time.OffsetDateTime;
import lombok.RequiredArgsConstructor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps {@code station_hourly} current. Events arrive late and out of order (an agent replays its
 * outbox after an outage), so the hours to recompute are not "the last few": each run reads the
 * event ledger by {@code received_at} since its watermark, marks the hours those events fall in
 * (and the later hours of the same units at the same station, whose first-at-station counts a late
 * earlier event changes), and recomputes the marked hours from {@code station_event}. A recompute
 * replaces the hour's row, so running twice does no harm; an advisory lock lets one core instance
 * at a time do it, and the watermark lives in the database, so instances take turns seamlessly.
 */
@Component
@RequiredArgsConstructor
class HourlyRollup {

  /** Transaction-scoped advisory lock key: "unitroll". */
  static final long LOCK = 0x756e_6974_726f_6c6cL;

  /**
   * How far back of its own start a run's successor looks again. {@code received_at} is the
   * ingesting transaction's start time, so a batch that started before a run and committed after it
   * is only seen by the next run if the watermark trails by more than an ingest transaction lasts
   * (well under a second).
   */
  static final Duration LAG = Duration.ofMinutes(2);

  /** Station-hours recomputed per transaction. */
  static final int BATCH = 200;

  /**
   * How long one run keeps taking batches. The scheduler thread is shared (the live feed ticks on
   * it), so a long backlog (the whole history, right after the migration) is worked off over
   * several runs, newest hours first; until it is, ranges that reach into it read the events.
   */
  static final Duration BUDGET = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(HourlyRollup.class);

  private static final String LOCKED = "SELECT pg_try_advisory_xact_lock(:key)";

  private static final String WATERMARK =
      "SELECT received_since FROM station_hourly_watermark FOR UPDATE";

  private static final String ADVANCE =
      "UPDATE station_hourly_watermark SET received_since = now() - :lag::interval";

  /**
   * How far ahead of the database an agent's clock may run. A later event of the same unit needs
   * its hour marked again only if it was received before the watermark, so it happened before
   * {@code since + CLOCK_SKEW}, and only if its hour is later than the new event's: so only events
   * that happened before that hour need looking up by unit, which leaves out the live events of the
   * current hour (most of them) and spares the unit index a lookup each.
   */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  /**
   * Marks the hours that events received since the watermark fall in, and the later hours of the
   * same units at the same stations (see {@link #CLOCK_SKEW}).
   */
  static final String MARK =
      """
      INSERT INTO station_hourly_dirty (site, line, station, hour)
      SELECT DISTINCT x.site, x.line, x.station,
             date_bin('1 hour', x.time, TIMESTAMPTZ '2000-01-01 00:00:00+00')
        FROM (SELECT ev.site, ev.line, ev.station, ev.occurred_at AS time
                FROM event ev
               WHERE ev.received_at >= :since
                 AND ev.type IN ('UnitSerialized', 'MarkVerified', 'StationResult')
              UNION ALL
              SELECT s.site, s.line, s.station, s.time
                FROM event ev
                JOIN station_event s
                  ON s.unit_serial = ev.unit_serial AND s.time > ev.occurred_at
                 AND s.site = ev.site AND s.line = ev.line AND s.station = ev.station
               WHERE ev.received_at >= :since AND ev.unit_serial IS NOT NULL
                 AND ev.type IN ('UnitSerialized', 'MarkVerified', 'StationResult')
                 AND ev.occurred_at < date_bin('1 hour', :since::timestamptz + :skew::interval,
                                               TIMESTAMPTZ '2000-01-01 00:00:00+00')) x
      ON CONFLICT DO NOTHING
      """;

  /**
   * Recomputes up to {@code :limit} marked hours, newest first, and answers how many it took. An
   * hour left without events loses its row.
   */
  static final String RECOMPUTE = DashboardSql.read("hourly-rollup-recompute.sql");

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  @Scheduled(
      initialDelayString = "${unitrace.dashboard.rollup-interval:PT1M}",
      fixedDelayString = "${unitrace.dashboard.rollup-interval:PT1M}")
  void scheduled() {
    try {
      int hours = run();
      if (hours > 0) {
        log.debug("hourly rollup: {} station-hours recomputed", hours);
      }
    } catch (DataAccessException | TransactionException e) {
      log.warn("hourly rollup failed, the next run tries again: {}", e.getMessage());
    }
  }

  /**
   * One run: marks what arrived since the last run and recomputes the marked hours, in batches, for
   * up to {@link #BUDGET}. Answers the station-hours recomputed; 0 when another instance holds the
   * lock.
   */
  int run() {
    long deadline = System.nanoTime() + BUDGET.toNanos();
    int total = 0;
    boolean first = true;
    while (true) {
      boolean mark = first;
      Integer done =
          tx.execute(
              status -> {
                Boolean locked = jdbc.sql(LOCKED).param("key", LOCK).query(Boolean.class).single();
                if (!locked) {
                  return null;
                }
                if (mark) {
                  markReceived();
                }
                return jdbc.sql(RECOMPUTE).param("limit", BATCH).query(Integer.class).single();
              });
      if (done == null) {
        return total;
      }
      total += done;
      first = false;
      if (done < BATCH || System.nanoTime() - deadline > 0) {
        return total;
      }
    }
  }

  private void markReceived() {
    OffsetDateTime since = jdbc.sql(WATERMARK).query(OffsetDateTime.class).single();
    jdbc.sql(MARK)
        .param("since", since)
        .param("skew", CLOCK_SKEW.toSeconds() + " seconds")
        .update();
    jdbc.sql(ADVANCE).param("lag", LAG.toSeconds() + " seconds").update();
  }
}
