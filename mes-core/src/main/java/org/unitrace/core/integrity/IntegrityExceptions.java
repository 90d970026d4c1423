package org.unitrace.core.integrity;

import java.time.OffsetDateTime;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.system.ConflictException;
import org.unitrace.core.system.NotFoundException;
import org.unitrace.core.system.RecordRows;

/** The quality review queue of integrity exceptions: listed, and resolved with a reason. */
@Service
@RequiredArgsConstructor
class IntegrityExceptions {

  private final JdbcClient jdbc;
  private final AuditLog audit;

  record IntegrityException(
      long id,
      String kind,
      String serial,
      String partNumber,
      String revision,
      String position,
      String componentPart,
      String componentSerial,
      String lot,
      String otherSerial,
      Long edgeId,
      Long otherEdgeId,
      String detail,
      OffsetDateTime detectedAt,
      OffsetDateTime resolvedAt,
      String resolvedBy,
      String resolution) {}

  List<IntegrityException> list(Kind kind, Boolean open, String serial, int limit) {
    return jdbc.sql(
            SELECT
                + """
                 WHERE (CAST(:kind AS text) IS NULL OR kind = :kind)
                   AND (CAST(:open AS boolean) IS NULL OR (resolved_at IS NULL) = :open)
                   AND (CAST(:serial AS text) IS NULL OR serial = :serial)
                 ORDER BY detected_at DESC, id DESC LIMIT :limit
                """)
        .param("kind", kind == null ? null : kind.name())
        .param("open", open)
        .param("serial", serial)
        .param("limit", limit)
        .query(RecordRows.of(IntegrityException.class))
        .list();
  }

  IntegrityException get(long id) {
    return jdbc.sql(SELECT + " WHERE id = ?")
        .param(id)
        .query(IntegrityException.class)
        .optional()
        .orElseThrow(() -> new NotFoundException("integrity exception", String.valueOf(id)));
  }

  @Transactional
  IntegrityException resolve(long id, String reason, String by) {
    audit.requireReason(reason, "resolving integrity exception " + id);
    IntegrityException before = get(id);
    int updated =
        jdbc.sql(
                "UPDATE integrity_exception SET resolved_at = now(), resolved_by = ?,"
                    + " resolution = ? WHERE id = ? AND resolved_at IS NULL")
            .params(by, reason.strip(), id)
            .update();
    if (updated == 0) {
      throw new ConflictException(
          "integrity exception %d was resolved already by %s at %s"
              .formatted(id, before.resolvedBy(), before.resolvedAt()));
    }
    IntegrityException after = get(id);
    audit.record(
        "exception.resolve", "integrity_exception", String.valueOf(id), before, after, reason);
    return after;
  }

  private static final String SELECT =
      """
      SELECT id, kind, serial, part_number, revision, position, component_part, component_serial,
             lot, other_serial, edge_id, other_edge_id, detail, detected_at, resolved_at,
             resolved_by, resolution
        FROM integrity_exception
      """;
}
