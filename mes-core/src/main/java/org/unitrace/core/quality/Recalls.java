package org.unitrace.core.quality;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
 * A recall campaign: the units a forward trace (or a common factor, which is one) finds at the
 * moment of creation, kept as the campaign's list with the state each was in (later bindings, moves
 * and sales do not change it). The units still in our hands, on their line or in stock, are held
 * through {@link Holds}, so their line's agents and the shipping desk stop them; releasing, or
 * closing the campaign, lets them go the same way.
 */
@Service
public class Recalls {

  /** The states a unit can be in when the campaign is made, in the order a report lists them. */
  static final List<String> STATES = List.of("WIP", "STOCK", "SHIPPED", "SOLD", "SCRAPPED");

  private final JdbcClient jdbc;
  private final Trace trace;
  private final Holds holds;
  private final CampaignUnits units;
  private final AuditLog audit;

  Recalls(JdbcClient jdbc, Trace trace, Holds holds, CampaignUnits units, AuditLog audit) {
    this.jdbc = jdbc;
    this.trace = trace;
    this.holds = holds;
    this.units = units;
    this.audit = audit;
  }

  public record Recall(
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
  public record RecallView(
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
  public RecallView create(String title, String reason, Source source, boolean hold, String by) {
    audit.requireReason(reason, "creating a recall");
    if (title == null || title.isBlank() || title.length() > 200) {
      throw new IllegalArgumentException("'title' is required, at most 200 characters");
    }
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
    RecallView created = view(id);
    Map<String, Object> after = new LinkedHashMap<>();
    after.put("recall", created.recall());
    after.put("unitCount", created.unitCount());
    after.put("componentCount", created.componentCount());
    after.put("byState", created.byState());
    audit.record("recall.create", "recall", String.valueOf(id), null, after, reason);
    if (!hold) {
      return created;
    }
    List<String> held = units.toHold(id);
    for (String serial : held) {
      Holds.Hold h = holds.hold(serial, "recall #" + id + ": " + reason.strip(), id, by);
      units.heldBy(id, serial, h.id());
    }
    audit.record(
        "recall.hold",
        "recall",
        String.valueOf(id),
        null,
        Map.of("units", held.size(), "serials", held.size() <= 1000 ? held : List.of()),
        reason);
    return view(id);
  }

  /**
   * Releases the campaign's holds still in force: of the listed units, or all of them ({@code
   * serials} null). A listed unit not in the campaign is a 404, one the campaign does not hold a
   * 409; either way nothing is released.
   */
  @Transactional
  public RecallView release(long id, Collection<String> serials, String reason, String by) {
    audit.requireReason(reason, "releasing a recall's holds");
    lockOpen(id, "releasing holds");
    List<String> released = releaseHolds(id, serials, reason, by);
    audit.record(
        "recall.release",
        "recall",
        String.valueOf(id),
        null,
        Map.of("units", released.size(), "serials", released.size() <= 1000 ? released : List.of()),
        reason);
    return view(id);
  }

  @Transactional
  public RecallView close(long id, String reason, String by) {
    audit.requireReason(reason, "closing a recall");
    Recall before = lockOpen(id, "closing it again");
    List<String> released = releaseHolds(id, null, reason, by);
    if (!released.isEmpty()) {
      audit.record(
          "recall.release",
          "recall",
          String.valueOf(id),
          null,
          Map.of(
              "units", released.size(), "serials", released.size() <= 1000 ? released : List.of()),
          "recall closed: " + reason.strip());
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

  private List<String> releaseHolds(long id, Collection<String> serials, String reason, String by) {
    if (serials != null) {
      if (serials.isEmpty()) {
        throw new IllegalArgumentException("'serials', when given, must list at least one serial");
      }
      Set<String> missing = new TreeSet<>(serials);
      units.of(id, serials).forEach(u -> missing.remove(u.unitSerial()));
      if (!missing.isEmpty()) {
        throw new NotFoundException(
            "recall #%d unit%s".formatted(id, missing.size() == 1 ? "" : "s"),
            String.join("', '", missing));
      }
    }
    List<String> held = units.stillHeld(id, serials);
    if (serials != null) {
      Set<String> notHeld = new TreeSet<>(serials);
      held.forEach(notHeld::remove);
      if (!notHeld.isEmpty()) {
        throw new ConflictException(
            "recall #%d does not hold unit%s '%s'"
                .formatted(id, notHeld.size() == 1 ? "" : "s", String.join("', '", notHeld)));
      }
    }
    for (String serial : held) {
      holds.release(serial, "recall #" + id + ": " + reason.strip(), by);
    }
    return held;
  }

  public List<Recall> list() {
    return jdbc.sql(SELECT + " ORDER BY id DESC").query(Recall.class).list();
  }

  public RecallView view(long id) {
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
