package org.unitrace.core.integration.notify;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.system.ConflictException;
import org.unitrace.core.system.NotFoundException;
import org.unitrace.core.system.RecordRows;

/**
 * The outbox's deliveries: claimed by one instance at a time, each try recorded, retried with
 * backoff, dead after the configured count or age, and sent again on an admin's request.
 */
@Repository
@ConditionalOnProperty(prefix = "unitrace.integration.notifications", name = "enabled")
@RequiredArgsConstructor
class Deliveries {

  /** A claimed delivery with all it takes to send it. */
  record Claimed(
      long id,
      int attempt,
      OffsetDateTime since,
      UUID notificationId,
      String kind,
      String site,
      String line,
      String subject,
      OffsetDateTime occurredAt,
      String data,
      long subscriptionId,
      String subscription,
      String channel,
      String target,
      String secret) {}

  /** A delivery as the admin API shows it. */
  record Delivery(
      long id,
      UUID notificationId,
      String kind,
      String site,
      String line,
      String subject,
      OffsetDateTime occurredAt,
      long subscriptionId,
      String subscription,
      String channel,
      String state,
      int attempts,
      OffsetDateTime since,
      OffsetDateTime nextAttemptAt,
      OffsetDateTime lastAttemptAt,
      String lastError,
      OffsetDateTime deliveredAt) {}

  record Attempt(
      int attempt, OffsetDateTime at, boolean ok, Integer status, String error, long tookMs) {}

  record Detail(Delivery delivery, String data, List<Attempt> attempts) {}

  private final JdbcClient jdbc;
  private final AuditLog audit;

  /**
   * Claims up to {@code limit} due deliveries (or the pending one {@code onlyId}, due or not) for
   * {@code lease}: each try is counted as it is claimed, so a sender that dies mid-try still counts
   * it.
   */
  List<Claimed> claim(int limit, Duration lease, Long onlyId) {
    List<Long> ids =
        jdbc.sql(
                """
                WITH due AS (
                  SELECT id FROM notification_delivery
                   WHERE state = 'PENDING'
                     AND (CAST(:only AS bigint) IS NULL AND next_attempt_at <= now()
                          OR id = :only)
                   ORDER BY next_attempt_at, id
                   LIMIT :limit
                   FOR UPDATE SKIP LOCKED)
                UPDATE notification_delivery d
                   SET attempts = d.attempts + 1, last_attempt_at = now(),
                       next_attempt_at = now() + make_interval(secs => :lease)
                  FROM due WHERE d.id = due.id
                RETURNING d.id
                """)
            .param("only", onlyId)
            .param("limit", limit)
            .param("lease", lease.toMillis() / 1000.0)
            .query(Long.class)
            .list();
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            """
            SELECT d.id, d.attempts AS attempt, d.since, n.id AS notification_id, n.kind, n.site,
                   n.line, n.subject, n.occurred_at, n.data::text AS data,
                   s.id AS subscription_id, s.name AS subscription, s.channel, s.target, s.secret
              FROM notification_delivery d
              JOIN notification n ON n.id = d.notification_id
              JOIN notification_subscription s ON s.id = d.subscription_id
             WHERE d.id = ANY (?) ORDER BY d.id
            """)
        .param(ids.toArray(Long[]::new))
        .query(RecordRows.of(Claimed.class))
        .list();
  }

  /** The receiver took it. */
  @Transactional
  void delivered(Claimed c, Integer status, long tookMs) {
    attempt(c, true, status, null, tookMs);
    jdbc.sql(
            """
            UPDATE notification_delivery SET state = 'DELIVERED', delivered_at = now(),
                   last_error = NULL
             WHERE id = ? AND state = 'PENDING'
            """)
        .param(c.id())
        .update();
  }

  /**
   * The try failed: again after {@code wait}, or dead when that would pass the try count or the
   * age. Answers whether it is dead.
   */
  @Transactional
  boolean failed(
      Claimed c,
      Integer status,
      String error,
      long tookMs,
      int maxAttempts,
      Duration maxAge,
      Duration wait) {
    attempt(c, false, status, error, tookMs);
    return jdbc.sql(
            """
            UPDATE notification_delivery
               SET last_error = :error,
                   state = CASE WHEN attempts >= :max
                                  OR now() + make_interval(secs => :wait)
                                     > since + make_interval(secs => :age)
                                THEN 'DEAD' ELSE 'PENDING' END,
                   next_attempt_at = now() + make_interval(secs => :wait)
             WHERE id = :id AND state = 'PENDING'
            RETURNING state = 'DEAD'
            """)
        .param("error", error)
        .param("max", maxAttempts)
        .param("wait", wait.toMillis() / 1000.0)
        .param("age", maxAge.toMillis() / 1000.0)
        .param("id", c.id())
        .query(Boolean.class)
        .optional()
        .orElse(false);
  }

  private void attempt(Claimed c, boolean ok, Integer status, String error, long tookMs) {
    jdbc.sql(
            """
            INSERT INTO notification_attempt (delivery_id, attempt, ok, status, error, took_ms)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        .params(c.id(), c.attempt(), ok, status, error, tookMs)
        .update();
  }

  List<Delivery> list(String state, Long subscription, String kind, int limit) {
    return jdbc.sql(
            SELECT
                + """
                 WHERE (CAST(:state AS text) IS NULL OR d.state = :state)
                   AND (CAST(:sub AS bigint) IS NULL OR d.subscription_id = :sub)
                   AND (CAST(:kind AS text) IS NULL OR n.kind = :kind)
                 ORDER BY d.id DESC LIMIT :limit
                """)
        .param("state", state)
        .param("sub", subscription)
        .param("kind", kind)
        .param("limit", limit)
        .query(RecordRows.of(Delivery.class))
        .list();
  }

  Detail detail(long id) {
    Delivery d = find(id).orElseThrow(() -> notFound(id));
    String data =
        jdbc.sql("SELECT data::text FROM notification WHERE id = ?")
            .param(d.notificationId())
            .query(String.class)
            .single();
    List<Attempt> attempts =
        jdbc.sql(
                """
                SELECT attempt, at, ok, status, error, took_ms FROM notification_attempt
                 WHERE delivery_id = ? ORDER BY id
                """)
            .param(id)
            .query(RecordRows.of(Attempt.class))
            .list();
    return new Detail(d, data, attempts);
  }

  /** Sends a dead (or delivered) delivery again, from now on, with the full count and age. */
  @Transactional
  Delivery resend(long id, String reason) {
    Delivery before = find(id).orElseThrow(() -> notFound(id));
    if (before.state().equals("PENDING")) {
      throw new ConflictException(
          "delivery %d is pending already (next try at %s)".formatted(id, before.nextAttemptAt()));
    }
    jdbc.sql(
            """
            UPDATE notification_delivery SET state = 'PENDING', attempts = 0, since = now(),
                   next_attempt_at = now(), delivered_at = NULL
             WHERE id = ?
            """)
        .param(id)
        .update();
    Delivery after = find(id).orElseThrow();
    audit.record(
        "notification.resend", "notification_delivery", String.valueOf(id), before, after, reason);
    return after;
  }

  /**
   * Records a TEST notification for one subscription only; answers its delivery's id. It is never
   * due, so no poll takes it: the caller claims it by id and tries it once.
   */
  @Transactional
  long test(long subscriptionId, String by) {
    UUID n =
        jdbc.sql(
                """
                INSERT INTO notification (kind, subject, data)
                VALUES ('TEST', 'test of subscription #' || ?::bigint,
                        jsonb_build_object('requestedBy', ?::text, 'subscription', ?::bigint))
                RETURNING id
                """)
            .params(subscriptionId, by, subscriptionId)
            .query(UUID.class)
            .single();
    return jdbc.sql(
            """
            INSERT INTO notification_delivery (notification_id, subscription_id, next_attempt_at)
            VALUES (?, ?, 'infinity') RETURNING id
            """)
        .params(n, subscriptionId)
        .query(Long.class)
        .single();
  }

  Optional<Delivery> find(long id) {
    return jdbc.sql(SELECT + " WHERE d.id = ?").param(id).query(Delivery.class).optional();
  }

  private static NotFoundException notFound(long id) {
    return new NotFoundException("notification delivery", String.valueOf(id));
  }

  private static final String SELECT =
      """
      SELECT d.id, n.id AS notification_id, n.kind, n.site, n.line, n.subject, n.occurred_at,
             s.id AS subscription_id, s.name AS subscription, s.channel, d.state, d.attempts,
             d.since, d.next_attempt_at, d.last_attempt_at, d.last_error, d.delivered_at
        FROM notification_delivery d
        JOIN notification n ON n.id = d.notification_id
        JOIN notification_subscription s ON s.id = d.subscription_id
      """;
}
