package org.unitrace.core.quality;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.system.ConflictException;
import org.unitrace.core.system.NotFoundException;
import org.unitrace.core.system.RecordRows;
import org.unitrace.core.system.SerialList;

/**
 * Each recalled unit's way through the campaign (notified, returned, inspected, repaired, replaced,
 * scrapped, closed), for one unit or a list at once. A list is recorded whole or not at all: every
 * unit not in the campaign, and every step that cannot follow, is named in one answer.
 */
@Service
@RequiredArgsConstructor
class CampaignProgress {

  /** The most serials one request records. */
  static final int MAX_SERIALS = 10_000;

  private final JdbcClient jdbc;
  private final Recalls recalls;
  private final CampaignUnits units;
  private final AuditLog audit;

  /** One recorded step of one unit. */
  record Entry(
      long id,
      String unitSerial,
      String step,
      String note,
      String reason,
      String recordedBy,
      OffsetDateTime recordedAt) {}

  /** A unit of the campaign, with every step recorded for it. */
  record UnitProgress(CampaignUnits.CampaignUnit unit, List<Entry> history) {}

  @Transactional
  List<CampaignUnits.CampaignUnit> record(
      long recallId,
      List<String> requested,
      String stepText,
      String note,
      String reason,
      String by) {
    audit.requireReason(reason, "recording recall progress");
    Step step = Step.parse(stepText);
    Set<String> serials = SerialList.check(requested, MAX_SERIALS, SerialList.Repeats.REFUSE);
    if (note != null && note.length() > AuditLog.MAX_REASON) {
      throw new IllegalArgumentException(
          "'note' is %d characters, at most %d".formatted(note.length(), AuditLog.MAX_REASON));
    }
    Recalls.Recall recall = recalls.lockOpen(recallId, "recording progress");
    Map<String, CampaignUnits.CampaignUnit> found = new LinkedHashMap<>();
    units.of(recallId, serials).forEach(u -> found.put(u.unitSerial(), u));
    Set<String> missing = new TreeSet<>(serials);
    missing.removeAll(found.keySet());
    if (!missing.isEmpty()) {
      throw new NotFoundException(
          "recall #%d unit%s".formatted(recallId, missing.size() == 1 ? "" : "s"),
          String.join("', '", missing));
    }
    List<String> refusals = new ArrayList<>();
    for (String serial : serials) {
      CampaignUnits.CampaignUnit u = found.get(serial);
      if (!u.topLevel()) {
        refusals.add(
            "unit '%s' is inside '%s': record its progress on '%s'"
                .formatted(serial, u.withinSerial(), u.withinSerial()));
        continue;
      }
      String why = u.step() == null ? null : Step.valueOf(u.step()).refusal(step);
      if (why != null) {
        refusals.add("unit '%s' cannot be %s: %s".formatted(serial, step, why));
      }
    }
    if (!refusals.isEmpty()) {
      throw new ConflictException(
          "recall #%d: %s".formatted(recall.id(), String.join("; ", refusals)));
    }
    String[] array = serials.toArray(String[]::new);
    String cleanNote = note == null || note.isBlank() ? null : note.strip();
    jdbc.sql(
            """
            INSERT INTO recall_progress (recall_id, unit_serial, step, note, reason, recorded_by)
            SELECT ?, s, ?, ?, ?, ? FROM unnest(?::text[]) AS s
            """)
        .params(recallId, step.name(), cleanNote, reason.strip(), by, array)
        .update();
    jdbc.sql(
            "UPDATE recall_unit SET step = ?, step_at = now()"
                + " WHERE recall_id = ? AND unit_serial = ANY (?)")
        .params(step.name(), recallId, array)
        .update();
    Map<String, Object> what = new LinkedHashMap<>();
    what.put("step", step.name());
    what.put("note", cleanNote);
    what.put("units", serials.size());
    what.put("serials", serials.size() <= 1000 ? List.copyOf(serials) : null);
    Map<String, String> before = new LinkedHashMap<>();
    if (serials.size() <= 1000) {
      found.forEach((s, u) -> before.put(s, u.step()));
    }
    audit.record(
        "recall.progress",
        "recall",
        String.valueOf(recallId),
        before.isEmpty() ? null : Map.of("steps", before),
        what,
        reason);
    return units.of(recallId, serials);
  }

  UnitProgress of(long recallId, String serial) {
    recalls.find(recallId);
    CampaignUnits.CampaignUnit unit =
        units.of(recallId, List.of(serial)).stream()
            .findFirst()
            .orElseThrow(
                () -> new NotFoundException("recall #%d unit".formatted(recallId), serial));
    List<Entry> history =
        jdbc.sql(
                """
                SELECT id, unit_serial, step, note, reason, recorded_by, recorded_at
                  FROM recall_progress WHERE recall_id = ? AND unit_serial = ? ORDER BY id
                """)
            .params(recallId, serial)
            .query(RecordRows.of(Entry.class))
            .list();
    return new UnitProgress(unit, history);
  }
}
