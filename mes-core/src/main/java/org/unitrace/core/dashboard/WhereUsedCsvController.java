package org.unitrace.core.dashboard;

import io.swagger.v3.oas.annotations.Operation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.unitrace.core.genealogy.Trace;
import org.unitrace.core.genealogy.WhereUsedQuery;
import org.unitrace.core.genealogy.WhereUsedView;
import org.unitrace.core.imports.Csv;

/** The forward trace as the trace page downloads it: every affected unit, one CSV row each. */
@RestController
class WhereUsedCsvController {

  private final Trace trace;

  WhereUsedCsvController(Trace trace) {
    this.trace = trace;
  }

  @Operation(
      summary = "Forward trace as CSV: every affected unit",
      description = "The parameters of GET /api/trace/where-used; topLevelOnly=true as there.")
  @GetMapping(path = "/api/dashboard/where-used.csv", produces = "text/csv")
  ResponseEntity<String> whereUsedCsv(
      @RequestParam Map<String, String> parameters,
      @RequestParam(defaultValue = "false") boolean topLevelOnly) {
    Map<String, String> query = new LinkedHashMap<>(parameters);
    query.keySet().removeAll(Set.of("topLevelOnly", "offset", "limit"));
    WhereUsedQuery q = WhereUsedQuery.parse(query);
    List<List<Object>> rows =
        trace.whereUsed(q).stream()
            .filter(u -> !topLevelOnly || u.topLevel())
            .map(WhereUsedCsvController::csvRow)
            .toList();
    return ResponseEntity.ok()
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"where-used.csv\"")
        .contentType(MediaType.parseMediaType("text/csv"))
        .body(Csv.write(CSV_COLUMNS, rows));
  }

  static final List<String> CSV_COLUMNS =
      List.of(
          "serial",
          "partNumber",
          "revision",
          "runId",
          "status",
          "depth",
          "topLevel",
          "site",
          "line",
          "location",
          "path");

  private static List<Object> csvRow(WhereUsedView.AffectedUnit u) {
    return java.util.Arrays.asList(
        u.serial(),
        u.partNumber(),
        u.revision(),
        u.runId(),
        u.status(),
        u.depth(),
        u.topLevel(),
        u.site(),
        u.line(),
        u.location(),
        u.path() == null ? null : String.join(" > ", u.path()));
  }
}
