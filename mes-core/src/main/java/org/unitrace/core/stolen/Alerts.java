package org.unitrace.core.stolen;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.system.ConflictException;
import org.unitrace.core.system.NotFoundException;
import org.unitrace.core.system.RecordRows;

/**
 * Alerts for stolen or lost units seen again. A desk's scan raises its alert in a transaction of
 * its own: the alert stays even when the desk's request is then refused (the returned unit was
 * never sold, the shipment holds a held unit), because that is exactly when it matters.
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class Alerts {

  private final JdbcClient jdbc;
  private final AuditLog audit;

  public record Alert(
      long id,
      String serial,
      String kind,
      Long stolenReport,
      String seenWhere,
      String seenWhat,
      UUID eventId,
      OffsetDateTime raisedAt,
      String acknowledgedBy,
      OffsetDateTime acknowledgedAt) {}

  /**
   * Raises an alert for each of {@code serials} that is reported stolen or lost and not cleared;
   * answers the alerts raised (none, almost always).
   *
   * @param where the place that saw it: "return desk at location 'AKL-RET'"
   * @param what what saw it: "return authorisation for customer 'C-1' by jane"
   */
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public List<Alert> seen(Collection<String> serials, String where, String what) {
    List<Long> ids =
        jdbc.sql(
                """
                INSERT INTO alert (serial, kind, stolen_report, seen_where, seen_what)
                SELECT s.serial, s.kind || '_UNIT_SEEN', s.id, :where, :what
                  FROM stolen_report s
                 WHERE s.cleared_at IS NULL AND s.serial = ANY (:serials)
                RETURNING id
                """)
            .param("serials", serials.toArray(String[]::new))
            .param("where", where)
            .param("what", what)
            .query(Long.class)
            .list();
    return ids.isEmpty()
        ? List.of()
        : jdbc.sql(SELECT + " WHERE id = ANY (?) ORDER BY id")
            .param(ids.toArray(Long[]::new))
            .query(RecordRows.of(Alert.class))
            .list();
  }

  public List<Alert> list(boolean openOnly, String serial, int limit) {
    return jdbc.sql(
            SELECT
                + """
                 WHERE (NOT :openOnly OR acknowledged_at IS NULL)
                   AND (:serial::text IS NULL OR serial = :serial)
                 ORDER BY id DESC LIMIT :limit
                """)
        .param("openOnly", openOnly)
        .param("serial", serial)
        .param("limit", limit)
        .query(RecordRows.of(Alert.class))
        .list();
  }

  @Transactional
  public Alert acknowledge(long id, String reason, String by) {
    audit.requireReason(reason, "acknowledging alert " + id);
    Alert before =
        jdbc.sql(SELECT + " WHERE id = ? FOR UPDATE")
            .param(id)
            .query(Alert.class)
            .optional()
            .orElseThrow(() -> new NotFoundException("alert", String.valueOf(id)));
    if (before.acknowledgedAt() != null) {
      throw new ConflictException(
          "alert %d was acknowledged already by %s".formatted(id, before.acknowledgedBy()));
    }
    jdbc.sql("UPDATE alert SET acknowledged_by = ?, acknowledged_at = now() WHERE id = ?")
        .params(by, id)
        .update();
    Alert after = jdbc.sql(SELECT + " WHERE id = ?").param(id).query(Alert.class).single();
    audit.record("alert.acknowledge", "unit", before.serial(), before, after, reason);
    return after;
  }

  private static final String SELECT =
      """
      SELECT id, serial, kind, stolen_report, seen_where, seen_what, event_id, raised_at,
             acknowledged_by, acknowledged_at
        FROM alert
      """;
}
