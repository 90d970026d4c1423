package org.unitrace.core.quality;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.genealogy.Trace;
import org.unitrace.core.genealogy.WhereUsedQuery;
import org.unitrace.core.genealogy.WhereUsedView;
import org.unitrace.core.system.ConflictException;
import org.unitrace.core.system.NotFoundException;
import org.unitrace.core.system.RecordRows;

/**
 * A recall campaign: the units a forward trace (or a common factor, which is one) finds at the
 * moment of creation, kept as the campaign's list with the state each was in (later bindings, moves
 * and sales do not change it). The units still in our hands, on their line or in stock, are held
 * through {@link Holds}, so their line's agents and the shipping desk stop them; releasing, or
 * closing the campaign, lets them go the same way.
 */
@Service
@RequiredArgsConstructor
class Recalls {

  /** The states a unit can be in when the campaign is made, in the order a report lists them. */
  static final List<String> STATES = List.of("WIP", "STOCK", "SHIPPED", "SOLD", "SCRAPPED");

  private final JdbcClient jdbc;
  private final Trace trace;
  private final CampaignHolds holds;
  private final CampaignUnits units;
  private final AuditLog audit;

  record Recall(
      long id,
      String title,
      String reason,
      String source,
      String factorKind,
      String traceQuery,
      String status,
      String createdBy,
      OffsetDateTime createdAt,
      String closedBy,
      OffsetDateTime closedAt,
      String closeReason) {}

  /**
   * A campaign with its units. Counts are of top-level units (what is physically recalled); {@code
   * componentCount} counts the affected sub-assemblies inside them. {@code byStep} has {@code NONE}
   * for units with no progress yet.
   */
  record RecallView(
      Recall recall,
      int unitCount,
      int componentCount,
      Map<String, Long> byState,
      Map<String, Long> byStep,
      long onHold,
      List<CampaignUnits.CampaignUnit> units) {}

  /** Where a campaign's units come from: a trace query, or the factor it was read from. */
  record Source(WhereUsedQuery query, String factorKind) {}

  @Transactional
  RecallView create(String title, String reason, Source source, boolean hold, String by) {
    audit.requireReason(reason, "creating a recall");
    if (title == null || title.isBlank() || title.length() > 200) {
      throw new IllegalArgumentException("'title' is required, at most 200 characters");
    }
    // a large campaign's trace and materialization cost far above jit_above_cost (the planner
    // cannot size a recursion), and PostgreSQL then spent seconds compiling a plan that runs in
    // one: 3.6 s with JIT, 0.9 s without, for 3,300 units of a year-long plant
    jdbc.sql("SET LOCAL jit = off").update();
    WhereUsedQuery query = source.query();
    List<WhereUsedView.AffectedUnit> affected = trace.whereUsed(query);
    long id =
        jdbc.sql(
                """
                INSERT INTO recall (title, reason, source, factor_kind, trace_query, created_by)
                VALUES (?, ?, ?, ?, ?, ?) RETURNING id
                """)
            .params(
                title.strip(),
                reason.strip(),
                source.factorKind() == null ? "QUERY" : "FACTOR",
                source.factorKind(),
                query.describe(),
                by)
            .query(Long.class)
            .single();
    units.materialize(id, affected);
    List<String> held = hold ? holds.holdWhatIsStillOurs(id, reason, by) : List.of();
    RecallView created = view(id);
    Map<String, Object> after = new LinkedHashMap<>();
    after.put("recall", created.recall());
    after.put("unitCount", created.unitCount());
    after.put("componentCount", created.componentCount());
    after.put("byState", created.byState());
    audit.record("recall.create", "recall", String.valueOf(id), null, after, reason);
    holds.recordHolds(id, held, reason);
    return created;
  }

  /** Releases the campaign's holds still in force: of the listed units, or all ({@code null}). */
  @Transactional
  RecallView release(long id, Collection<String> serials, String reason, String by) {
    audit.requireReason(reason, "releasing a recall's holds");
    lockOpen(id, "releasing holds");
    if (holds.release(id, serials, reason, reason, by) == 0) {
      throw new ConflictException("recall #%d holds no unit: nothing to release".formatted(id));
    }
    return view(id);
  }

  @Transactional
  RecallView close(long id, String reason, String by) {
    audit.requireReason(reason, "closing a recall");
    Recall before = lockOpen(id, "closing it again");
    holds.release(id, null, reason, "recall closed: " + reason.strip(), by);
    jdbc.sql(
            "UPDATE recall SET status = 'CLOSED', closed_by = ?, closed_at = now(), close_reason = ?"
                + " WHERE id = ?")
        .params(by, reason.strip(), id)
        .update();
    RecallView after = view(id);
    audit.record("recall.close", "recall", String.valueOf(id), before, after.recall(), reason);
    return after;
  }

  List<Recall> list() {
    return jdbc.sql(SELECT + " ORDER BY id DESC").query(RecordRows.of(Recall.class)).list();
  }

  RecallView view(long id) {
    Recall recall = find(id);
    List<CampaignUnits.CampaignUnit> all = units.of(id);
    Map<String, Long> byState = new LinkedHashMap<>();
    STATES.forEach(s -> byState.put(s, 0L));
    Map<String, Long> byStep = new LinkedHashMap<>();
    byStep.put("NONE", 0L);
    for (Step s : Step.values()) {
      byStep.put(s.name(), 0L);
    }
    int top = 0;
    long onHold = 0;
    for (CampaignUnits.CampaignUnit u : all) {
      if (!u.topLevel()) {
        continue;
      }
      top++;
      if (u.state() != null) {
        byState.merge(u.state(), 1L, Long::sum);
      }
      byStep.merge(u.step() == null ? "NONE" : u.step(), 1L, Long::sum);
      if (u.onHold()) {
        onHold++;
      }
    }
    return new RecallView(recall, top, all.size() - top, byState, byStep, onHold, all);
  }

  Recall find(long id) {
    return jdbc.sql(SELECT + " WHERE id = ?")
        .param(id)
        .query(Recall.class)
        .optional()
        .orElseThrow(() -> new NotFoundException("recall", String.valueOf(id)));
  }

  /** Locks the campaign against a concurrent close; a closed one refuses {@code what}. */
  Recall lockOpen(long id, String what) {
    jdbc.sql("SELECT id FROM recall WHERE id = ? FOR UPDATE").param(id).query(Long.class).list();
    Recall recall = find(id);
    if (!recall.status().equals("OPEN")) {
      throw new ConflictException(
          "recall #%d is %s (closed %s by %s): %s refused"
              .formatted(id, recall.status(), recall.closedAt(), recall.closedBy(), what));
    }
    return recall;
  }

  private static final String SELECT =
      """
      SELECT id, title, reason, source, factor_kind, trace_query, status, created_by, created_at,
             closed_by, closed_at, close_reason
        FROM recall
      """;
}
