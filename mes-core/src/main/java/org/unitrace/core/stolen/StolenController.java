package org.unitrace.core.stolen;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.unitrace.core.system.PageLimit;

/** Reporting units stolen or lost, and the alerts raised when they turn up. */
@RestController
@RequiredArgsConstructor
class StolenController {

  private final StolenReports reports;
  private final Alerts alerts;

  /** {@code kind}: STOLEN (default) or LOST; {@code reportedBy}: the person or company. */
  record NewReport(String kind, String reportedBy, String policeReference, String note) {}

  record Reason(String reason) {}

  @Operation(
      summary = "Report a unit stolen or lost",
      description =
          "Flags the unit (shown by GET /api/units/{serial}) until cleared. Any later scan of it"
              + " (a line event, a transfer, a shipment, a sale, a return) raises an alert.")
  @PostMapping("/api/units/{serial}/stolen")
  @ResponseStatus(HttpStatus.CREATED)
  StolenReports.Report report(
      @PathVariable String serial, @RequestBody NewReport body, Authentication caller) {
    return reports.report(
        serial,
        body.kind(),
        body.reportedBy(),
        body.policeReference(),
        body.note(),
        caller.getName());
  }

  @Operation(summary = "Clear a stolen or lost report (the unit was recovered), with a reason")
  @PostMapping("/api/units/{serial}/stolen/clear")
  StolenReports.Report clear(
      @PathVariable String serial, @RequestBody Reason body, Authentication caller) {
    return reports.clear(serial, body.reason(), caller.getName());
  }

  @GetMapping("/api/units/{serial}/stolen")
  List<StolenReports.Report> history(@PathVariable String serial) {
    return reports.history(serial);
  }

  @Operation(
      summary = "Alerts: stolen or lost units seen again",
      description = "Newest first; each names the serial, where it was seen and what saw it.")
  @GetMapping("/api/alerts")
  List<Alerts.Alert> alerts(
      @RequestParam(defaultValue = "false") boolean open,
      @RequestParam(required = false) String serial,
      @RequestParam(defaultValue = "500") int limit) {
    PageLimit.check(limit, 10_000);
    return alerts.list(open, serial, limit);
  }

  @PostMapping("/api/alerts/{id}/acknowledge")
  Alerts.Alert acknowledge(@PathVariable long id, @RequestBody Reason body, Authentication caller) {
    return alerts.acknowledge(id, body.reason(), caller.getName());
  }
}
