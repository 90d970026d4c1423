package org.unitrace.core.quality;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
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
public class Holds {

  private final JdbcClient jdbc;
  private final AuditLog audit;

  private final ApplicationEventPublisher events;

  Holds(JdbcClient jdbc, AuditLog audit, ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.audit = audit;
    this.events = events;
  }

  private record Status(String status, String statusReason, OffsetDateTime statusChangedAt) {}

  /** A hold was placed or released; its line's agent is told once the transaction commits. */
  record HoldChanged(String serial) {}

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
      String releaseReason) {}

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
    events.publishEvent(new HoldChanged(serial));
    return hold;
  }

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
    events.publishEvent(new HoldChanged(serial));
    return after;
  }

  public List<Hold> history(String serial) {
    return jdbc.sql(SELECT + " WHERE unit_serial = ? ORDER BY held_at, id")
        .param(serial)
        .query(Hold.class)
        .list();
  }

  Optional<Hold> open(String serial) {
    return jdbc.sql(SELECT + " WHERE unit_serial = ? AND released_at IS NULL")
        .param(serial)
        .query(Hold.class)
        .optional();
  }

  private Hold find(long id) {
    return jdbc.sql(SELECT + " WHERE id = ?").param(id).query(Hold.class).single();
  }

  private static final String SELECT =
      """
      SELECT id, unit_serial, reason, previous_status, held_by, held_at, recall_id, released_by,
             released_at, release_reason
        FROM unit_hold
      """;
}
