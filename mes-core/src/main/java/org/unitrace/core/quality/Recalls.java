package org.unitrace.core.quality;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.genealogy.Trace;
import org.unitrace.core.genealogy.WhereUsedQuery;
import org.unitrace.core.genealogy.WhereUsedView;
import org.unitrace.core.system.ConflictException;
import org.unitrace.core.system.NotFoundException;

/**
 * A recall campaign: the units a forward trace finds at the moment of creation, kept as the
 * campaign's list (later bindings do not change it), optionally put on hold at once.
 */
@Service
public class Recalls {

  private final JdbcClient jdbc;
  private final Trace trace;
  private final Holds holds;
  private final AuditLog audit;

  Recalls(JdbcClient jdbc, Trace trace, Holds holds, AuditLog audit) {
    this.jdbc = jdbc;
    this.trace = trace;
    this.holds = holds;
    this.audit = audit;
  }

  public record Recall(
      long id,
      String title,
      String reason,
      String traceQuery,
      String status,
      String createdBy,
      OffsetDateTime createdAt,
      String closedBy,
      OffsetDateTime closedAt,
      String closeReason) {}

  public record RecallUnit(String unitSerial, int depth, boolean topLevel, String status) {}

  public record RecallView(
      Recall recall, int unitCount, Map<String, Long> unitsByStatus, List<RecallUnit> units) {}

  @Transactional
  public RecallView create(
      String title, String reason, WhereUsedQuery query, boolean hold, String by) {
    audit.requireReason(reason, "creating a recall");
    if (title == null || title.isBlank() || title.length() > 200) {
      throw new IllegalArgumentException("'title' is required, at most 200 characters");
    }
    List<WhereUsedView.AffectedUnit> affected = trace.whereUsed(query);
    long id =
        jdbc.sql(
                "INSERT INTO recall (title, reason, trace_query, created_by) VALUES (?, ?, ?, ?)"
                    + " RETURNING id")
            .params(title.strip(), reason.strip(), query.describe(), by)
            .query(Long.class)
            .single();
    for (WhereUsedView.AffectedUnit u : affected) {
      jdbc.sql(
              "INSERT INTO recall_unit (recall_id, unit_serial, depth, top_level) VALUES (?, ?, ?, ?)")
          .params(id, u.serial(), u.depth(), u.topLevel())
          .update();
    }
    RecallView created = view(id);
    audit.record("recall.create", "recall", String.valueOf(id), null, created.recall(), reason);
    if (hold) {
      for (WhereUsedView.AffectedUnit u : affected) {
        if (u.topLevel() && u.partNumber() != null && holds.open(u.serial()).isEmpty()) {
          holds.hold(u.serial(), "recall #" + id + ": " + reason.strip(), id, by);
        }
      }
      return view(id);
    }
    return created;
  }

  @Transactional
  public RecallView close(long id, String reason, String by) {
    audit.requireReason(reason, "closing a recall");
    Recall before = find(id);
    if (!before.status().equals("OPEN")) {
      throw new ConflictException("recall #%d is %s already".formatted(id, before.status()));
    }
    jdbc.sql(
            "UPDATE recall SET status = 'CLOSED', closed_by = ?, closed_at = now(), close_reason = ?"
                + " WHERE id = ?")
        .params(by, reason.strip(), id)
        .update();
    RecallView after = view(id);
    audit.record("recall.close", "recall", String.valueOf(id), before, after.recall(), reason);
    return after;
  }

  public List<Recall> list() {
    return jdbc.sql(SELECT + " ORDER BY id DESC").query(Recall.class).list();
  }

  public RecallView view(long id) {
    Recall recall = find(id);
    List<RecallUnit> units =
        jdbc.sql(
                """
                SELECT r.unit_serial, r.depth, r.top_level, u.status
                  FROM recall_unit r LEFT JOIN unit u ON u.serial = r.unit_serial
                 WHERE r.recall_id = ? ORDER BY r.depth, r.unit_serial
                """)
            .param(id)
            .query(RecallUnit.class)
            .list();
    Map<String, Long> byStatus = new TreeMap<>();
    units.forEach(u -> byStatus.merge(String.valueOf(u.status()), 1L, Long::sum));
    return new RecallView(recall, units.size(), byStatus, units);
  }

  private Recall find(long id) {
    return jdbc.sql(SELECT + " WHERE id = ?")
        .param(id)
        .query(Recall.class)
        .optional()
        .orElseThrow(() -> new NotFoundException("recall", String.valueOf(id)));
  }

  private static final String SELECT =
      """
      SELECT id, title, reason, trace_query, status, created_by, created_at, closed_by, closed_at,
             close_reason
        FROM recall
      """;
}
