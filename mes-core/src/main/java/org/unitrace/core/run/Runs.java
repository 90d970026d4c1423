package org.unitrace.core.run;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.system.ConflictException;
import org.unitrace.core.system.NotFoundException;
import org.unitrace.core.system.RecordRows;

/**
 * Production runs planned, started and ended through the API. The line's {@code RunStarted} and
 * {@code RunEnded} write the same row (one run id, one run): a run planned here keeps what it was
 * planned with and gets its start from the line; a run the line started first can be completed here
 * with what it lacks, but not contradicted.
 */
@Service
@RequiredArgsConstructor
class Runs {

  private final JdbcClient jdbc;
  private final AuditLog audit;

  record NewRun(
      String runId,
      String site,
      String line,
      String partNumber,
      String revision,
      Integer plannedQuantity,
      String shift,
      OffsetDateTime plannedStart,
      OffsetDateTime plannedEnd,
      OffsetDateTime startedAt) {}

  record RunEnd(OffsetDateTime endedAt, Integer producedQuantity, String reason) {}

  /** The run's own row, as audited and answered by the writes. */
  record Run(
      String runId,
      String site,
      String line,
      String partNumber,
      String revision,
      Integer plannedQuantity,
      String shift,
      OffsetDateTime plannedStart,
      OffsetDateTime plannedEnd,
      OffsetDateTime startedAt,
      OffsetDateTime endedAt,
      Integer producedQuantity,
      String endReason,
      String createdBy) {}

  record Created(Run run, boolean isNew) {}

  @Transactional
  Created create(NewRun r, String by) {
    check(r);
    Optional<Run> before = find(r.runId(), true);
    before.ifPresent(run -> agree(run, r));
    // a run the line or an earlier plan made is completed with what it lacks, never changed
    jdbc.sql(
            """
            INSERT INTO production_run (run_id, site, line, part_number, revision,
                                        planned_quantity, shift, planned_start, planned_end,
                                        started_at, created_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (run_id) DO UPDATE
               SET site = coalesce(production_run.site, EXCLUDED.site),
                   line = coalesce(production_run.line, EXCLUDED.line),
                   part_number = coalesce(production_run.part_number, EXCLUDED.part_number),
                   revision = coalesce(production_run.revision, EXCLUDED.revision),
                   planned_quantity = coalesce(production_run.planned_quantity,
                                               EXCLUDED.planned_quantity),
                   shift = coalesce(production_run.shift, EXCLUDED.shift),
                   planned_start = coalesce(production_run.planned_start, EXCLUDED.planned_start),
                   planned_end = coalesce(production_run.planned_end, EXCLUDED.planned_end),
                   started_at = least(production_run.started_at, EXCLUDED.started_at)
            """)
        .params(
            r.runId(),
            r.site(),
            r.line(),
            r.partNumber(),
            r.revision(),
            r.plannedQuantity(),
            r.shift(),
            r.plannedStart(),
            r.plannedEnd(),
            r.startedAt(),
            by)
        .update();
    Run after = get(r.runId());
    audit.record(
        before.isPresent() ? "run.update" : "run.create",
        "run",
        r.runId(),
        before.orElse(null),
        after,
        null);
    return new Created(after, before.isEmpty());
  }

  @Transactional
  Run start(String runId, OffsetDateTime at) {
    Run before = find(runId, true).orElseThrow(() -> new NotFoundException("run", runId));
    if (before.startedAt() != null) {
      throw new ConflictException(
          "run '%s' started already at %s".formatted(runId, before.startedAt()));
    }
    jdbc.sql("UPDATE production_run SET started_at = ? WHERE run_id = ?")
        .params(at == null ? OffsetDateTime.now(ZoneOffset.UTC) : at, runId)
        .update();
    Run after = get(runId);
    audit.record("run.start", "run", runId, before, after, null);
    return after;
  }

  @Transactional
  Run end(String runId, RunEnd end) {
    Run before = find(runId, true).orElseThrow(() -> new NotFoundException("run", runId));
    if (before.endedAt() != null) {
      throw new ConflictException(
          "run '%s' ended already at %s".formatted(runId, before.endedAt()));
    }
    if (before.startedAt() == null) {
      throw new ConflictException(
          "run '%s' has not started (neither the line nor the API started it)".formatted(runId));
    }
    OffsetDateTime at = end.endedAt() == null ? OffsetDateTime.now(ZoneOffset.UTC) : end.endedAt();
    if (at.isBefore(before.startedAt())) {
      throw new IllegalArgumentException(
          "'endedAt' %s is before the run's start %s".formatted(at, before.startedAt()));
    }
    if (end.producedQuantity() != null && end.producedQuantity() < 0) {
      throw new IllegalArgumentException(
          "'producedQuantity' must not be negative, was " + end.producedQuantity());
    }
    jdbc.sql(
            "UPDATE production_run SET ended_at = ?, produced_quantity = ?, end_reason = ?"
                + " WHERE run_id = ?")
        .params(at, end.producedQuantity(), end.reason(), runId)
        .update();
    Run after = get(runId);
    audit.record("run.end", "run", runId, before, after, end.reason());
    return after;
  }

  List<Run> list(String line, Boolean open, int limit) {
    return jdbc.sql(
            SELECT
                + """
                 WHERE (CAST(:line AS text) IS NULL OR line = :line)
                   AND (CAST(:open AS boolean) IS NULL OR (ended_at IS NULL) = :open)
                 ORDER BY coalesce(started_at, planned_start, created_at) DESC, run_id LIMIT :limit
                """)
        .param("line", line)
        .param("open", open)
        .param("limit", limit)
        .query(RecordRows.of(Run.class))
        .list();
  }

  Optional<Run> find(String runId) {
    return find(runId, false);
  }

  private Run get(String runId) {
    return find(runId).orElseThrow();
  }

  private Optional<Run> find(String runId, boolean lock) {
    return jdbc.sql(SELECT + " WHERE run_id = ?" + (lock ? " FOR UPDATE" : ""))
        .param(runId)
        .query(Run.class)
        .optional();
  }

  private void check(NewRun r) {
    List<String> errors = new ArrayList<>();
    if (blank(r.runId())) {
      errors.add("'runId' is required");
    }
    if (blank(r.line())) {
      errors.add("'line' is required");
    }
    if (blank(r.partNumber()) || blank(r.revision())) {
      errors.add("'partNumber' and 'revision' (the product revision the run builds) are required");
    }
    if (r.plannedQuantity() != null && r.plannedQuantity() < 1) {
      errors.add("'plannedQuantity' must be at least 1, was " + r.plannedQuantity());
    }
    if (r.plannedStart() != null
        && r.plannedEnd() != null
        && r.plannedEnd().isBefore(r.plannedStart())) {
      errors.add("'plannedEnd' is before 'plannedStart'");
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("run " + r.runId() + ": " + String.join("; ", errors));
    }
    Integer known =
        jdbc.sql("SELECT count(*) FROM product_revision WHERE part_number = ? AND revision = ?")
            .params(r.partNumber(), r.revision())
            .query(Integer.class)
            .single();
    if (known == 0) {
      throw new IllegalArgumentException(
          "run %s: product revision %s rev %s is not known; create it first (PUT /api/products/%s/revisions/%s)"
              .formatted(r.runId(), r.partNumber(), r.revision(), r.partNumber(), r.revision()));
    }
  }

  /** Refuses to contradict what the run already says (the line's word, or an earlier plan). */
  private static void agree(Run run, NewRun r) {
    List<String> differences = new ArrayList<>();
    differ(differences, "site", run.site(), r.site());
    differ(differences, "line", run.line(), r.line());
    differ(differences, "partNumber", run.partNumber(), r.partNumber());
    differ(differences, "revision", run.revision(), r.revision());
    differ(differences, "plannedQuantity", run.plannedQuantity(), r.plannedQuantity());
    differ(differences, "shift", run.shift(), r.shift());
    if (!differences.isEmpty()) {
      throw new ConflictException(
          "run '%s' exists already with %s".formatted(run.runId(), String.join(", ", differences)));
    }
  }

  private static void differ(List<String> out, String field, Object has, Object wanted) {
    if (has != null && wanted != null && !Objects.equals(has, wanted)) {
      out.add("%s '%s', not '%s'".formatted(field, has, wanted));
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static final String SELECT =
      """
      SELECT run_id, site, line, part_number, revision, planned_quantity, shift, planned_start,
             planned_end, started_at, ended_at, produced_quantity, end_reason, created_by
        FROM production_run
      """;
}
