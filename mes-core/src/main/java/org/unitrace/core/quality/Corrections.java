package org.unitrace.core.quality;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.system.ConflictException;
import org.unitrace.core.system.NotFoundException;
import org.unitrace.core.system.RecordRows;

/**
 * Genealogy corrections by quality: a binding recorded wrongly is closed (not deleted), a missing
 * one is added; the correction references the edge it touched and the edge references it back.
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class Corrections {

  private final JdbcClient jdbc;
  private final AuditLog audit;

  public record Correction(
      long id,
      String unitSerial,
      String action,
      long edgeId,
      String reason,
      String correctedBy,
      OffsetDateTime correctedAt) {}

  @Transactional
  public Correction unbind(String serial, long edgeId, String reason, String by) {
    audit.requireReason(reason, "correcting the genealogy of " + serial);
    Map<String, Object> before = edge(edgeId);
    if (!serial.equals(before.get("unit_serial"))) {
      throw new IllegalArgumentException(
          "edge %d belongs to unit '%s', not '%s'"
              .formatted(edgeId, before.get("unit_serial"), serial));
    }
    if (before.get("unbound_at") != null) {
      throw new ConflictException("edge %d was removed already".formatted(edgeId));
    }
    long id = insert(serial, "unbind", edgeId, reason, by);
    jdbc.sql(
            "UPDATE unit_component SET unbound_at = now(), unbind_reason = ?, correction_id = ?"
                + " WHERE id = ?")
        .params("correction #" + id + ": " + reason.strip(), id, edgeId)
        .update();
    audit.record("genealogy.correct", "unit", serial, before, edge(edgeId), reason);
    return find(id);
  }

  @Transactional
  public Correction bind(
      String serial,
      String partNumber,
      String componentSerial,
      String lot,
      String reason,
      String by) {
    audit.requireReason(reason, "correcting the genealogy of " + serial);
    if (partNumber == null || partNumber.isBlank()) {
      throw new IllegalArgumentException("'partNumber' is required");
    }
    if ((componentSerial == null) == (lot == null)) {
      throw new IllegalArgumentException("give exactly one of 'componentSerial' and 'lot'");
    }
    jdbc.sql("SELECT serial FROM unit WHERE serial = ?")
        .param(serial)
        .query(String.class)
        .optional()
        .orElseThrow(() -> new NotFoundException("unit", serial));
    long edgeId =
        jdbc.sql(
                """
                INSERT INTO unit_component (unit_serial, part_number, component_serial, lot, bound_at)
                VALUES (?, ?, ?, ?, now()) RETURNING id
                """)
            .params(serial, partNumber, componentSerial, lot)
            .query(Long.class)
            .single();
    long id = insert(serial, "bind", edgeId, reason, by);
    jdbc.sql("UPDATE unit_component SET correction_id = ? WHERE id = ?")
        .params(id, edgeId)
        .update();
    audit.record("genealogy.correct", "unit", serial, null, edge(edgeId), reason);
    return find(id);
  }

  public List<Correction> of(String serial) {
    return jdbc.sql(SELECT + " WHERE unit_serial = ? ORDER BY id")
        .param(serial)
        .query(RecordRows.of(Correction.class))
        .list();
  }

  private long insert(String serial, String action, long edgeId, String reason, String by) {
    return jdbc.sql(
            """
            INSERT INTO genealogy_correction (unit_serial, action, edge_id, reason, corrected_by)
            VALUES (?, ?, ?, ?, ?) RETURNING id
            """)
        .params(serial, action, edgeId, reason.strip(), by)
        .query(Long.class)
        .single();
  }

  private Map<String, Object> edge(long id) {
    return jdbc
        .sql(
            """
            SELECT id, unit_serial, part_number, component_serial, lot, bound_at, unbound_at,
                   unbind_reason, correction_id
              FROM unit_component WHERE id = ? FOR UPDATE
            """)
        .param(id)
        .query()
        .listOfRows()
        .stream()
        .findFirst()
        .orElseThrow(() -> new NotFoundException("genealogy edge", String.valueOf(id)));
  }

  private Correction find(long id) {
    return jdbc.sql(SELECT + " WHERE id = ?").param(id).query(Correction.class).single();
  }

  private static final String SELECT =
      """
      SELECT id, unit_serial, action, edge_id, reason, corrected_by, corrected_at
        FROM genealogy_correction
      """;
}
