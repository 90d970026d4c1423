package org.unitrace.core.dashboard;

import io.swagger.v3.oas.annotations.Operation;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lombok.RequiredArgsConstructor;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.unitrace.core.genealogy.Trace;
import org.unitrace.core.genealogy.WhereUsedQuery;
import org.unitrace.core.genealogy.WhereUsedView;
import org.unitrace.core.imports.Csv;
import org.unitrace.core.system.PageLimit;

/** What the dashboard pages read besides the plain API: aggregates, a live feed, CSV. */
@RestController
@RequestMapping("/api")
@RequiredArgsConstructor
class DashboardController {

  private final ProductionQueries production;
  private final SerialDecoder decoder;
  private final LiveFeed live;
  private final Trace trace;
  private final DashboardProperties properties;

  /** A line's time series and the machine-state changes of its stations. */
  record LineSeries(
      String site,
      String line,
      String station,
      OffsetDateTime from,
      OffsetDateTime to,
      long bucketSeconds,
      List<ProductionQueries.Bucket> buckets,
      List<ProductionQueries.StateChange> states) {}

  @Operation(
      summary = "Production per line and station over a time range",
      description =
          "from/to: ISO date-times (default: the last 8 hours); site, line narrow it down.")
  @GetMapping("/dashboard/production")
  ProductionView production(
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
          OffsetDateTime from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
          OffsetDateTime to,
      @RequestParam(required = false) String site,
      @RequestParam(required = false) String line) {
    TimeRange range = TimeRange.of(from, to, null);
    return ProductionView.of(range, production.stations(range, site, line), properties);
  }

  @Operation(
      summary = "A line's (or one station's) time-bucketed counts, cycle time and states",
      description = "bucketSeconds: the bucket width (default: fits about 120 buckets).")
  @GetMapping("/dashboard/lines/{site}/{line}/series")
  LineSeries series(
      @PathVariable String site,
      @PathVariable String line,
      @RequestParam(required = false) String station,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
          OffsetDateTime from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
          OffsetDateTime to,
      @RequestParam(required = false) Integer bucketSeconds) {
    TimeRange range = TimeRange.of(from, to, bucketSeconds);
    return new LineSeries(
        site,
        line,
        station,
        range.from(),
        range.to(),
        range.bucket().toSeconds(),
        production.series(range, site, line, station),
        production.states(range, site, line));
  }

  @Operation(summary = "The last NOK results and failed mark checks, with their process values")
  @GetMapping("/dashboard/nok")
  List<ProductionQueries.NokResult> nok(
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
          OffsetDateTime from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
          OffsetDateTime to,
      @RequestParam(required = false) String site,
      @RequestParam(required = false) String line,
      @RequestParam(defaultValue = "20") int limit) {
    PageLimit.check(limit, 500);
    return production.lastNok(TimeRange.of(from, to, null), site, line, limit);
  }

  @Operation(summary = "A serial read back into its segments with the template it fits")
  @GetMapping("/dashboard/units/{serial}/identity")
  SerialDecoder.Identity identity(@PathVariable String serial) {
    return decoder.decode(serial);
  }

  @Operation(
      summary = "Live feed (server-sent events) of what was stored",
      description =
          "Event 'stored' per interval with stored events per line (serialized, ok, nok, mark"
              + " failures) and station state changes.")
  @GetMapping(path = "/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter live() {
    return live.subscribe();
  }

  @Operation(
      summary = "Forward trace as CSV: every affected unit",
      description = "The parameters of GET /api/trace/where-used; topLevelOnly=true as there.")
  @GetMapping(path = "/dashboard/where-used.csv", produces = "text/csv")
  ResponseEntity<String> whereUsedCsv(
      @RequestParam Map<String, String> parameters,
      @RequestParam(defaultValue = "false") boolean topLevelOnly) {
    Map<String, String> query = new LinkedHashMap<>(parameters);
    query.keySet().removeAll(Set.of("topLevelOnly", "offset", "limit"));
    WhereUsedQuery q = WhereUsedQuery.parse(query);
    List<List<Object>> rows =
        trace.whereUsed(q).stream()
            .filter(u -> !topLevelOnly || u.topLevel())
            .map(DashboardController::csvRow)
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
