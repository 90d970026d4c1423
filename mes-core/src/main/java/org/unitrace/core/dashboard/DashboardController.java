package org.unitrace.core.dashboard;

import io.swagger.v3.oas.annotations.Operation;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.unitrace.core.system.PageLimit;

/** The production dashboard's aggregates: per station, a line's series, the last NOKs. */
@RestController
@RequestMapping("/api/dashboard")
class DashboardController {

  private final ProductionQueries production;
  private final DashboardProperties properties;

  DashboardController(ProductionQueries production, DashboardProperties properties) {
    this.production = production;
    this.properties = properties;
  }

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
  @GetMapping("/production")
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
  @GetMapping("/lines/{site}/{line}/series")
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
  @GetMapping("/nok")
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
}
