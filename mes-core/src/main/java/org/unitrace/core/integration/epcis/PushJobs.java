package org.unitrace.core.integration.epcis;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import lombok.RequiredArgsConstructor;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.shipment.ShipmentShipped;
import org.unitrace.core.system.ConflictException;
import org.unitrace.core.system.NotFoundException;

/**
 * The push jobs and their record. A job is written in the shipment's own transaction, so a shipment
 * that commits has its jobs and one that rolls back has none; the route takes due jobs under a
 * lease, and every exchange with the partner is recorded as an attempt.
 */
@Service
@RequiredArgsConstructor
class PushJobs {

  private final JdbcClient jdbc;
  private final EpcisPartnerProperties properties;

  enum State {
    PENDING,
    CAPTURING,
    SUCCEEDED,
    FAILED
  }

  /** A job as the route works on it. */
  record Job(
      long id, String partner, long shipmentId, State state, String captureId, String statusUrl) {}

  /** A job as shown to admins. */
  record View(
      long id,
      String partner,
      long shipmentId,
      State state,
      String captureId,
      String statusUrl,
      int captures,
      int attempts,
      int failures,
      OffsetDateTime nextAttemptAt,
      String lastError,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt,
      OffsetDateTime finishedAt,
      List<Attempt> history) {}

  record Attempt(
      OffsetDateTime at, String kind, Integer httpStatus, String outcome, String detail) {}

  /** In the shipment's transaction: one job per pushing partner that sees the destination. */
  @EventListener
  void shipped(ShipmentShipped s) {
    jdbc.sql(
            """
            INSERT INTO epcis_push_job (partner, shipment_id)
            SELECT p.name, :shipment FROM epcis_partner p
             WHERE p.push
               AND (CAST(:customer AS text) = ANY (p.customers)
                    OR EXISTS (WITH RECURSIVE up(code) AS (
                                 SELECT CAST(:location AS text) WHERE CAST(:location AS text) IS NOT NULL
                                 UNION
                                 SELECT l.parent FROM location l JOIN up ON l.code = up.code
                                  WHERE l.parent IS NOT NULL)
                               SELECT 1 FROM up WHERE up.code = ANY (p.locations)))
            ON CONFLICT (partner, shipment_id) DO NOTHING
            """)
        .param("shipment", s.id())
        .param("customer", s.shipToCustomer())
        .param("location", s.shipToLocation())
        .update();
  }

  /** Leases up to {@code batch} due jobs of partners that push, oldest due first. */
  @Transactional
  List<Job> claimDue() {
    return jdbc.sql(
            """
            WITH due AS (
              SELECT j.id FROM epcis_push_job j JOIN epcis_partner p ON p.name = j.partner
               WHERE j.state IN ('PENDING', 'CAPTURING') AND j.next_attempt_at <= now()
                 AND (j.leased_until IS NULL OR j.leased_until < now()) AND p.push
               ORDER BY j.next_attempt_at, j.id
               LIMIT ? FOR UPDATE OF j SKIP LOCKED)
            UPDATE epcis_push_job j SET leased_until = now() + ?::interval
              FROM due WHERE j.id = due.id
            RETURNING j.id, j.partner, j.shipment_id, j.state, j.capture_id, j.capture_url
            """)
        .params(properties.batch(), interval(properties.lease()))
        .query((rs, i) -> job(rs))
        .list();
  }

  /** The partner took the document as capture job {@code captureId}, to follow at statusUrl. */
  @Transactional
  void accepted(Job job, int httpStatus, String captureId, String statusUrl) {
    jdbc.sql(
            """
            UPDATE epcis_push_job SET state = 'CAPTURING', capture_id = ?, capture_url = ?,
                   captures = captures + 1, attempts = attempts + 1, failures = 0,
                   status_misses = 0, last_error = NULL, leased_until = NULL, updated_at = now(),
                   next_attempt_at = now() + ?::interval
             WHERE id = ?
            """)
        .params(captureId, statusUrl, interval(properties.statusInterval()), job.id())
        .update();
    attempt(
        job, "CAPTURE", httpStatus, "accepted", "capture job " + captureId + " at " + statusUrl);
  }

  /** The partner's capture (or an at-once capture answered 2xx) succeeded. */
  @Transactional
  void succeeded(Job job, String kind, int httpStatus, String detail) {
    jdbc.sql(
            """
            UPDATE epcis_push_job SET state = 'SUCCEEDED', attempts = attempts + 1, failures = 0,
                   last_error = NULL, leased_until = NULL, updated_at = now(), finished_at = now()
             WHERE id = ?
            """)
        .param(job.id())
        .update();
    attempt(job, kind, httpStatus, "succeeded", detail);
  }

  /** The capture job is still running at the partner: ask again later. */
  @Transactional
  void running(Job job, int httpStatus) {
    boolean firstTime =
        !"running"
            .equals(
                jdbc.sql(
                        "SELECT outcome FROM epcis_push_attempt WHERE job_id = ?"
                            + " ORDER BY id DESC LIMIT 1")
                    .param(job.id())
                    .query(String.class)
                    .optional()
                    .orElse(null));
    jdbc.sql(
            """
            UPDATE epcis_push_job SET attempts = attempts + 1, failures = 0, status_misses = 0,
                   leased_until = NULL, updated_at = now(), next_attempt_at = now() + ?::interval
             WHERE id = ?
            """)
        .params(interval(properties.statusInterval()), job.id())
        .update();
    if (firstTime) {
      attempt(job, "STATUS", httpStatus, "running", "capture job " + job.captureId() + " runs");
    }
  }

  /**
   * A failure worth another try: the same step (post, or ask the status) again after the backoff.
   * {@code recapture} sends the document again as a new capture: only when the partner said its
   * capture failed and stored nothing of it.
   */
  @Transactional
  void retryLater(
      Job job, String kind, Integer httpStatus, String outcome, String detail, boolean recapture) {
    int failures =
        jdbc.sql("SELECT failures FROM epcis_push_job WHERE id = ?")
                .param(job.id())
                .query(Integer.class)
                .single()
            + 1;
    Duration wait = properties.backoff(failures);
    jdbc.sql(
            """
            UPDATE epcis_push_job SET attempts = attempts + 1, failures = ?, last_error = ?,
                   leased_until = NULL, updated_at = now(), next_attempt_at = now() + ?::interval,
                   state = CASE WHEN ? THEN 'PENDING' ELSE state END,
                   capture_id = CASE WHEN ? THEN NULL ELSE capture_id END,
                   capture_url = CASE WHEN ? THEN NULL ELSE capture_url END
             WHERE id = ?
            """)
        .params(
            failures,
            outcome + ": " + detail,
            interval(wait),
            recapture,
            recapture,
            recapture,
            job.id())
        .update();
    attempt(
        job, kind, httpStatus, outcome, detail + " (try " + (failures + 1) + " in " + wait + ")");
  }

  /** The status question went unanswered for the capture: a 404; fails after too many. */
  @Transactional
  void statusMissing(Job job, int httpStatus, String detail) {
    int misses =
        jdbc.sql(
                "UPDATE epcis_push_job SET status_misses = status_misses + 1 WHERE id = ?"
                    + " RETURNING status_misses")
            .param(job.id())
            .query(Integer.class)
            .single();
    if (misses >= properties.statusMissesToFail()) {
      failed(
          job,
          "STATUS",
          httpStatus,
          "partner lost the capture job %s (%d answers 404 in a row); whether it stored the events"
                  .formatted(job.captureId(), misses)
              + " is unknown, so they are not sent again unless an admin retries the job");
    } else {
      retryLater(job, "STATUS", httpStatus, "status unknown", detail, false);
    }
  }

  /** Gives up: the partner refuses the document, or we cannot vouch for what it stored. */
  @Transactional
  void failed(Job job, String kind, Integer httpStatus, String detail) {
    jdbc.sql(
            """
            UPDATE epcis_push_job SET state = 'FAILED', attempts = attempts + 1,
                   failures = failures + 1, last_error = ?, leased_until = NULL,
                   updated_at = now(), finished_at = now()
             WHERE id = ?
            """)
        .params(detail, job.id())
        .update();
    attempt(job, kind, httpStatus, "failed", detail);
  }

  /** An admin sends a failed (or a waiting) job again, as a new capture. */
  @Transactional
  View retry(String partner, long id, String by) {
    View before = view(partner, id);
    if (before.state() == State.SUCCEEDED || before.state() == State.CAPTURING) {
      throw new ConflictException(
          "job %d of partner '%s' is %s (capture job %s): it is not sent again"
              .formatted(id, partner, before.state(), before.captureId()));
    }
    jdbc.sql(
            """
            UPDATE epcis_push_job SET state = 'PENDING', capture_id = NULL, capture_url = NULL,
                   failures = 0, status_misses = 0, next_attempt_at = now(), finished_at = NULL,
                   updated_at = now()
             WHERE id = ?
            """)
        .param(id)
        .update();
    jdbc.sql(
            "INSERT INTO epcis_push_attempt (job_id, kind, outcome, detail) VALUES (?, 'RETRY', ?, ?)")
        .params(id, "retry", "sent again by " + by + " (was " + before.state() + ")")
        .update();
    return view(partner, id);
  }

  List<View> list(String partner, State state, int limit) {
    return jdbc.sql(
            VIEW
                + " WHERE partner = ? AND (?::text IS NULL OR state = ?::text)"
                + " ORDER BY id DESC LIMIT ?")
        .params(
            partner,
            state == null ? null : state.name(),
            state == null ? null : state.name(),
            limit)
        .query((rs, i) -> view(rs, List.of()))
        .list();
  }

  View view(String partner, long id) {
    List<Attempt> history =
        jdbc.sql(
                "SELECT at, kind, http_status, outcome, detail FROM epcis_push_attempt"
                    + " WHERE job_id = ? ORDER BY id")
            .param(id)
            .query(
                (rs, i) ->
                    new Attempt(
                        rs.getObject("at", OffsetDateTime.class),
                        rs.getString("kind"),
                        (Integer) rs.getObject("http_status"),
                        rs.getString("outcome"),
                        rs.getString("detail")))
            .list();
    return jdbc.sql(VIEW + " WHERE partner = ? AND id = ?")
        .params(partner, id)
        .query((rs, i) -> view(rs, history))
        .optional()
        .orElseThrow(
            () ->
                new NotFoundException("push job of partner '" + partner + "'", String.valueOf(id)));
  }

  Optional<Job> find(long id) {
    return jdbc.sql(
            "SELECT id, partner, shipment_id, state, capture_id, capture_url FROM epcis_push_job"
                + " WHERE id = ?")
        .param(id)
        .query((rs, i) -> job(rs))
        .optional();
  }

  private void attempt(Job job, String kind, Integer httpStatus, String outcome, String detail) {
    jdbc.sql(
            "INSERT INTO epcis_push_attempt (job_id, kind, http_status, outcome, detail)"
                + " VALUES (?, ?, ?, ?, ?)")
        .params(job.id(), kind, httpStatus, outcome, detail)
        .update();
  }

  private static final String VIEW =
      """
      SELECT id, partner, shipment_id, state, capture_id, capture_url, captures, attempts,
             failures, next_attempt_at, last_error, created_at, updated_at, finished_at
        FROM epcis_push_job
      """;

  private static View view(ResultSet rs, List<Attempt> history) throws SQLException {
    return new View(
        rs.getLong("id"),
        rs.getString("partner"),
        rs.getLong("shipment_id"),
        State.valueOf(rs.getString("state")),
        rs.getString("capture_id"),
        rs.getString("capture_url"),
        rs.getInt("captures"),
        rs.getInt("attempts"),
        rs.getInt("failures"),
        rs.getObject("next_attempt_at", OffsetDateTime.class),
        rs.getString("last_error"),
        rs.getObject("created_at", OffsetDateTime.class),
        rs.getObject("updated_at", OffsetDateTime.class),
        rs.getObject("finished_at", OffsetDateTime.class),
        history);
  }

  private static Job job(ResultSet rs) throws SQLException {
    return new Job(
        rs.getLong("id"),
        rs.getString("partner"),
        rs.getLong("shipment_id"),
        State.valueOf(rs.getString("state")),
        rs.getString("capture_id"),
        rs.getString("capture_url"));
  }

  private static String interval(Duration d) {
    return d.toMillis() + " milliseconds";
  }
}
