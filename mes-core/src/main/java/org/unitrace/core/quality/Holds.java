package org.unitrace.core.quality;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.system.ConflictException;
import org.unitrace.core.system.NotFoundException;

/**
 * Holding a unit stops it where it is (status HELD) until quality releases it, with a reason each
 * way. A hold freezes the status: what the line reports meanwhile is kept on the hold, and on
 * release the latest status, the one before the hold or one reported while it lasted, comes back.
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class Holds {

  private final JdbcClient jdbc;
  private final AuditLog audit;

  private final ApplicationEventPublisher events;

  private record Status(String status, String statusReason, OffsetDateTime statusChangedAt) {}

  /** Holds were placed or released; their lines' agents are told once the transaction commits. */
  record HoldChanged(List<String> serials) {}

  public record Hold(
      long id,
      String unitSerial,
      String reason,
      String previousStatus,
      String heldBy,
      OffsetDateTime heldAt,
      Long recallId,
      String releasedBy,
      OffsetDateTime releasedAt,
      String releaseReason) {

    /** This hold as it was in force, before its release. */
    Hold beforeRelease() {
      return new Hold(
          id, unitSerial, reason, previousStatus, heldBy, heldAt, recallId, null, null, null);
    }
  }

  /** Holds the unit; a unit already on hold stays on its first hold (answered as a conflict). */
  @Transactional
  public Hold hold(String serial, String reason, Long recallId, String by) {
    audit.requireReason(reason, "holding unit " + serial);
    Status status =
        jdbc.sql(
                "SELECT status, status_reason, status_changed_at FROM unit WHERE serial = ?"
                    + " FOR UPDATE")
            .param(serial)
            .query(Status.class)
            .optional()
            .orElseThrow(() -> new NotFoundException("unit", serial));
    if (open(serial).isPresent()) {
      throw new ConflictException("unit '%s' is on hold already".formatted(serial));
    }
    long id =
        jdbc.sql(
                """
                INSERT INTO unit_hold (unit_serial, reason, previous_status, previous_status_reason,
                                       previous_status_at, held_by, recall_id)
                VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id
                """)
            .params(
                serial,
                reason.strip(),
                status.status(),
                status.statusReason(),
                status.statusChangedAt(),
                by,
                recallId)
            .query(Long.class)
            .single();
    jdbc.sql(
            "UPDATE unit SET status = 'HELD', status_reason = ?, status_changed_at = now() WHERE serial = ?")
        .params("hold #" + id + ": " + reason.strip(), serial)
        .update();
    Hold hold = find(id);
    audit.record("unit.hold", "unit", serial, null, hold, reason);
    events.publishEvent(new HoldChanged(List.of(serial)));
    return hold;
  }

  /**
   * Holds, in a few statements however many they are, every unit of {@code serials} that is known
   * and not on hold yet, each as {@link #hold} would: its status frozen on its own hold, its own
   * audit record, its line's agents told. Units are locked in serial order. Answers the new holds,
   * by serial.
   */
  @Transactional
  public List<Hold> holdAll(Collection<String> serials, String reason, Long recallId, String by) {
    audit.requireReason(reason, "holding units");
    List<Hold> held =
        jdbc.sql(HOLD_ALL)
            .param("serials", serials.stream().distinct().sorted().toArray(String[]::new))
            .param("reason", reason.strip())
            .param("by", by)
            .param("recallId", recallId)
            .query(Holds::hold)
            .list();
    Map<String, Hold> bySerial = new LinkedHashMap<>();
    held.forEach(h -> bySerial.put(h.unitSerial(), h));
    audit.recordEach("unit.hold", "unit", null, bySerial, reason);
    if (!held.isEmpty()) {
      events.publishEvent(new HoldChanged(List.copyOf(bySerial.keySet())));
    }
    return held;
  }

  /**
   * Locks the units (in serial order), holds those with no open hold, and sets their status, in one
   * statement; the new holds come back in serial order.
   */
  private static final String HOLD_ALL =
      """
      WITH target AS MATERIALIZED (
        SELECT serial, status, status_reason, status_changed_at FROM unit
         WHERE serial = ANY (:serials::text[]) ORDER BY serial FOR UPDATE
      ), held AS (
        INSERT INTO unit_hold (unit_serial, reason, previous_status, previous_status_reason,
                               previous_status_at, held_by, recall_id)
        SELECT t.serial, :reason, t.status, t.status_reason, t.status_changed_at, :by, :recallId
          FROM target t
         WHERE NOT EXISTS (SELECT 1 FROM unit_hold o
                            WHERE o.unit_serial = t.serial AND o.released_at IS NULL)
         ORDER BY t.serial
        RETURNING id, unit_serial, reason, previous_status, held_by, held_at, recall_id,
                  released_by, released_at, release_reason
      ), frozen AS (
        UPDATE unit SET status = 'HELD', status_reason = 'hold #' || held.id || ': ' || held.reason,
                        status_changed_at = now()
          FROM held WHERE unit.serial = held.unit_serial
      )
      SELECT * FROM held ORDER BY unit_serial
      """;

  @Transactional
  public Hold release(String serial, String reason, String by) {
    audit.requireReason(reason, "releasing unit " + serial);
    Hold before =
        open(serial)
            .orElseThrow(() -> new ConflictException("unit '%s' is not on hold".formatted(serial)));
    jdbc.sql(
            "UPDATE unit_hold SET released_by = ?, released_at = now(), release_reason = ?"
                + " WHERE id = ?")
        .params(by, reason.strip(), before.id())
        .update();
    // the status to come back: the one before the hold, or the latest the line reported while it
    // lasted (ingestion keeps those on the hold), with its own time, so "latest wins" goes on
    jdbc.sql(
            """
            UPDATE unit SET status = h.previous_status, status_reason = ?,
                            status_changed_at = h.previous_status_at
              FROM unit_hold h
             WHERE h.id = ? AND unit.serial = h.unit_serial
            """)
        .params("released: " + reason.strip(), before.id())
        .update();
    Hold after = find(before.id());
    audit.record("unit.release", "unit", serial, before, after, reason);
    events.publishEvent(new HoldChanged(List.of(serial)));
    return after;
  }

  /**
   * Releases, in a few statements however many they are, the open holds of {@code serials}, each as
   * {@link #release} would: the status back, its own audit record, its line's agents told. Units
   * without an open hold are left alone. Answers the released holds, by serial.
   */
  @Transactional
  public List<Hold> releaseAll(Collection<String> serials, String reason, String by) {
    audit.requireReason(reason, "releasing units");
    List<Hold> released =
        jdbc.sql(RELEASE_ALL)
            .param("serials", serials.stream().distinct().sorted().toArray(String[]::new))
            .param("reason", reason.strip())
            .param("by", by)
            .query(Holds::hold)
            .list();
    Map<String, Hold> before = new LinkedHashMap<>();
    Map<String, Hold> after = new LinkedHashMap<>();
    for (Hold h : released) {
      before.put(h.unitSerial(), h.beforeRelease());
      after.put(h.unitSerial(), h);
    }
    audit.recordEach("unit.release", "unit", before, after, reason);
    if (!released.isEmpty()) {
      events.publishEvent(new HoldChanged(List.copyOf(after.keySet())));
    }
    return released;
  }

  /**
   * Locks the units (in serial order), releases their open holds, and brings back the status each
   * hold kept, in one statement; the released holds come back in serial order.
   */
  private static final String RELEASE_ALL =
      """
      WITH target AS MATERIALIZED (
        SELECT serial FROM unit WHERE serial = ANY (:serials::text[]) ORDER BY serial FOR UPDATE
      ), released AS (
        UPDATE unit_hold h SET released_by = :by, released_at = now(), release_reason = :reason
          FROM target t
         WHERE h.unit_serial = t.serial AND h.released_at IS NULL
        RETURNING h.id, h.unit_serial, h.reason, h.previous_status, h.previous_status_at,
                  h.held_by, h.held_at, h.recall_id, h.released_by, h.released_at,
                  h.release_reason
      ), restored AS (
        UPDATE unit SET status = released.previous_status,
                        status_reason = 'released: ' || :reason,
                        status_changed_at = released.previous_status_at
          FROM released WHERE unit.serial = released.unit_serial
      )
      SELECT * FROM released ORDER BY unit_serial
      """;

  public List<Hold> history(String serial) {
    return jdbc.sql(SELECT + " WHERE unit_serial = ? ORDER BY held_at, id")
        .param(serial)
        .query(Holds::hold)
        .list();
  }

  Optional<Hold> open(String serial) {
    return jdbc.sql(SELECT + " WHERE unit_serial = ? AND released_at IS NULL")
        .param(serial)
        .query(Holds::hold)
        .optional();
  }

  private Hold find(long id) {
    return jdbc.sql(SELECT + " WHERE id = ?").param(id).query(Holds::hold).single();
  }

  private static Hold hold(ResultSet rs, int row) throws SQLException {
    return new Hold(
        rs.getLong("id"),
        rs.getString("unit_serial"),
        rs.getString("reason"),
        rs.getString("previous_status"),
        rs.getString("held_by"),
        rs.getObject("held_at", OffsetDateTime.class),
        (Long) rs.getObject("recall_id"),
        rs.getString("released_by"),
        rs.getObject("released_at", OffsetDateTime.class),
        rs.getString("release_reason"));
  }

  private static final String SELECT =
      """
      SELECT id, unit_serial, reason, previous_status, held_by, held_at, recall_id, released_by,
             released_at, release_reason
        FROM unit_hold
      """;
}
