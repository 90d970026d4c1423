package org.unitrace.core.stolen;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.system.ConflictException;
import org.unitrace.core.system.NotFoundException;
import org.unitrace.core.system.RecordRows;
import org.unitrace.core.system.Text;

/**
 * Reports of stolen or lost units. A report stays open (the unit flagged) until cleared with a
 * reason, e.g. when the unit is recovered; every scan of a flagged unit raises an alert.
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class StolenReports {

  private final JdbcClient jdbc;
  private final AuditLog audit;

  public record Report(
      long id,
      String serial,
      String kind,
      String reportedBy,
      String policeReference,
      String note,
      String recordedBy,
      OffsetDateTime reportedAt,
      OffsetDateTime clearedAt,
      String clearedBy,
      String clearReason) {

    /** "reported STOLEN by Acme Ltd (police ref P-123) on 2026-11-28T..." */
    public String describe() {
      return "reported %s by %s%s on %s"
          .formatted(
              kind,
              reportedBy,
              policeReference == null ? "" : " (police reference " + policeReference + ")",
              reportedAt);
    }
  }

  @Transactional
  public Report report(
      String serial,
      String kind,
      String reportedBy,
      String policeReference,
      String note,
      String by) {
    String k = kind == null ? "STOLEN" : kind.strip().toUpperCase();
    if (!k.equals("STOLEN") && !k.equals("LOST")) {
      throw new IllegalArgumentException("'kind' must be STOLEN or LOST, was " + kind);
    }
    if (reportedBy == null || reportedBy.isBlank()) {
      throw new IllegalArgumentException(
          "'reportedBy' is required: who reported unit " + serial + " " + k.toLowerCase());
    }
    jdbc.sql("SELECT serial FROM unit WHERE serial = ? FOR UPDATE")
        .param(serial)
        .query(String.class)
        .optional()
        .orElseThrow(() -> new NotFoundException("unit", serial));
    Report existing = open(List.of(serial)).get(serial);
    if (existing != null) {
      throw new ConflictException(
          "unit '%s' is %s already (report #%d)"
              .formatted(serial, existing.describe(), existing.id()));
    }
    long id =
        jdbc.sql(
                """
                INSERT INTO stolen_report (serial, kind, reported_by, police_reference, note,
                                           recorded_by)
                VALUES (?, ?, ?, ?, ?, ?) RETURNING id
                """)
            .params(serial, k, reportedBy.strip(), Text.blankToNull(policeReference), note, by)
            .query(Long.class)
            .single();
    Report report = find(id);
    jdbc.sql(
            """
            INSERT INTO unit_history (serial, kind, at, by, details)
            VALUES (?, ?, now(), ?, jsonb_build_object('report', ?::bigint, 'reportedBy', ?::text,
                    'policeReference', ?::text))
            """)
        .params(
            serial,
            k.equals("STOLEN") ? "ReportedStolen" : "ReportedLost",
            by,
            id,
            report.reportedBy(),
            report.policeReference())
        .update();
    audit.record("unit.report-" + k.toLowerCase(), "unit", serial, null, report, note);
    return report;
  }

  @Transactional
  public Report clear(String serial, String reason, String by) {
    audit.requireReason(reason, "clearing the stolen or lost report of unit " + serial);
    Report before =
        open(List.of(serial)).values().stream()
            .findFirst()
            .orElseThrow(
                () ->
                    new ConflictException(
                        "unit '%s' is not reported stolen or lost".formatted(serial)));
    jdbc.sql(
            "UPDATE stolen_report SET cleared_at = now(), cleared_by = ?, clear_reason = ?"
                + " WHERE id = ?")
        .params(by, reason.strip(), before.id())
        .update();
    jdbc.sql(
            """
            INSERT INTO unit_history (serial, kind, at, by, details)
            VALUES (?, 'StolenReportCleared', now(), ?, jsonb_build_object('report', ?::bigint,
                    'reason', ?::text))
            """)
        .params(serial, by, before.id(), reason.strip())
        .update();
    Report after = find(before.id());
    audit.record("unit.clear-stolen", "unit", serial, before, after, reason);
    return after;
  }

  /** The open reports among {@code serials}, by serial. */
  public Map<String, Report> open(Collection<String> serials) {
    return jdbc
        .sql(SELECT + " WHERE cleared_at IS NULL AND serial = ANY (?)")
        .param(serials.toArray(String[]::new))
        .query(RecordRows.of(Report.class))
        .list()
        .stream()
        .collect(Collectors.toMap(Report::serial, Function.identity()));
  }

  public List<Report> history(String serial) {
    return jdbc.sql(SELECT + " WHERE serial = ? ORDER BY id")
        .param(serial)
        .query(RecordRows.of(Report.class))
        .list();
  }

  private Report find(long id) {
    return jdbc.sql(SELECT + " WHERE id = ?").param(id).query(Report.class).single();
  }

  private static final String SELECT =
      """
      SELECT id, serial, kind, reported_by, police_reference, note, recorded_by, reported_at,
             cleared_at, cleared_by, clear_reason
        FROM stolen_report
      """;
}
