package org.unitrace.core.run;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.unitrace.core.system.NotFoundException;
import org.unitrace.core.system.PageLimit;

/** Production runs: planned, started and ended through the API or from the line; their units. */
@RestController
@RequestMapping("/api/runs")
@RequiredArgsConstructor
class RunController {

  private final JdbcClient jdbc;
  private final Runs runs;

  record Start(OffsetDateTime startedAt) {}

  /**
   * Plans a run (or starts it, with {@code startedAt}). Answered 201 when new; 200 when the line
   * started it already and this only adds what it lacked; 409 when this contradicts it.
   */
  @PostMapping
  ResponseEntity<Runs.Run> create(@RequestBody Runs.NewRun body, Authentication caller) {
    Runs.Created created = runs.create(body, caller.getName());
    return ResponseEntity.status(created.isNew() ? HttpStatus.CREATED : HttpStatus.OK)
        .body(created.run());
  }

  @PostMapping("/{runId}/start")
  Runs.Run start(@PathVariable String runId, @RequestBody(required = false) Start body) {
    return runs.start(runId, body == null ? null : body.startedAt());
  }

  @PostMapping("/{runId}/end")
  Runs.Run end(@PathVariable String runId, @RequestBody(required = false) Runs.RunEnd body) {
    return runs.end(runId, body == null ? new Runs.RunEnd(null, null, null) : body);
  }

  @GetMapping
  List<Runs.Run> list(
      @RequestParam(required = false) String line,
      @RequestParam(required = false) Boolean open,
      @RequestParam(defaultValue = "200") int limit) {
    PageLimit.check(limit, 10_000);
    return runs.list(line, open, limit);
  }

  record RunUnit(String serial, String status, OffsetDateTime serializedAt) {}

  /** The run's row with its units, counted by status. */
  record RunView(
      @JsonUnwrapped Runs.Run run,
      int unitCount,
      Map<String, Long> unitsByStatus,
      List<RunUnit> units) {}

  @GetMapping("/{runId}")
  RunView run(@PathVariable String runId) {
    Runs.Run run = runs.find(runId).orElseThrow(() -> new NotFoundException("run", runId));
    List<RunUnit> units =
        jdbc.sql(
                "SELECT serial, status, serialized_at FROM unit WHERE run_id = ?"
                    + " ORDER BY serialized_at NULLS LAST, serial")
            .param(runId)
            .query(
                (rs, i) ->
                    new RunUnit(
                        rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class)))
            .list();
    Map<String, Long> byStatus = new TreeMap<>();
    units.forEach(u -> byStatus.merge(u.status(), 1L, Long::sum));
    return new RunView(run, units.size(), byStatus, units);
  }
}
