package org.unitrace.core.quality;

import io.swagger.v3.oas.annotations.Operation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.unitrace.core.analysis.FactorQueries;
import org.unitrace.core.genealogy.WhereUsedQuery;

/**
 * Recall campaigns: created, followed unit by unit, exported, released and closed, with reasons.
 */
@RestController
@RequiredArgsConstructor
class RecallController {

  private final Recalls recalls;
  private final CampaignProgress progress;
  private final CampaignCsv csv;

  /**
   * Exactly one source: {@code query} (the where-used parameters), {@code fromFactor} (a factor as
   * the common-factor analysis returned it; other fields of it are ignored), or the historical
   * top-level {@code componentSerial} / {@code partNumber} and {@code lot}. {@code hold} defaults
   * to true.
   */
  record NewRecall(
      String title,
      String reason,
      Map<String, String> query,
      FromFactor fromFactor,
      String componentSerial,
      String partNumber,
      String lot,
      Boolean hold) {}

  record FromFactor(String kind, Map<String, String> parameters) {}

  record Reason(String reason) {}

  record Release(String reason, List<String> serials) {}

  record ProgressRequest(String step, String note, String reason) {}

  record BulkProgress(List<String> serials, String step, String note, String reason) {}

  @Operation(
      summary = "Create a recall campaign",
      description =
          "From a where-used query ('query': {partNumber, lot}, {runId}, ...) or from a factor of"
              + " POST /api/analysis/common-factors ('fromFactor': {kind, parameters}). Each"
              + " affected unit is stored with its state (WIP, STOCK, SHIPPED, SOLD, SCRAPPED);"
              + " top-level units in WIP or stock are held unless 'hold' is false.")
  @PostMapping("/api/recalls")
  @ResponseStatus(HttpStatus.CREATED)
  Recalls.RecallView create(@RequestBody NewRecall body, Authentication caller) {
    return recalls.create(
        body.title(),
        body.reason(),
        source(body),
        body.hold() == null || body.hold(),
        caller.getName());
  }

  @GetMapping("/api/recalls")
  List<Recalls.Recall> list() {
    return recalls.list();
  }

  @GetMapping("/api/recalls/{id}")
  Recalls.RecallView recall(@PathVariable long id) {
    return recalls.view(id);
  }

  @Operation(summary = "Close a campaign; its holds still in force are released")
  @PostMapping("/api/recalls/{id}/close")
  Recalls.RecallView close(@PathVariable long id, @RequestBody Reason body, Authentication caller) {
    return recalls.close(id, body.reason(), caller.getName());
  }

  @Operation(summary = "Release the campaign's holds: of 'serials', or all when left out")
  @PostMapping("/api/recalls/{id}/release")
  Recalls.RecallView release(
      @PathVariable long id, @RequestBody Release body, Authentication caller) {
    return recalls.release(id, body.serials(), body.reason(), caller.getName());
  }

  @Operation(summary = "Record a unit's step: NOTIFIED, RETURNED, INSPECTED, REPAIRED, ...")
  @PostMapping("/api/recalls/{id}/units/{serial}/progress")
  CampaignUnits.CampaignUnit progress(
      @PathVariable long id,
      @PathVariable String serial,
      @RequestBody ProgressRequest body,
      Authentication caller) {
    return progress
        .record(id, List.of(serial), body.step(), body.note(), body.reason(), caller.getName())
        .get(0);
  }

  @Operation(summary = "Record one step for many units, all or none")
  @PostMapping("/api/recalls/{id}/progress")
  List<CampaignUnits.CampaignUnit> progress(
      @PathVariable long id, @RequestBody BulkProgress body, Authentication caller) {
    return progress.record(
        id, body.serials(), body.step(), body.note(), body.reason(), caller.getName());
  }

  @GetMapping("/api/recalls/{id}/units/{serial}")
  CampaignProgress.UnitProgress unit(@PathVariable long id, @PathVariable String serial) {
    return progress.of(id, serial);
  }

  @Operation(summary = "The customers to notify: one row per shipped or sold affected unit")
  @GetMapping(value = "/api/recalls/{id}/notification.csv", produces = "text/csv")
  String notification(@PathVariable long id) {
    return csv.notification(id);
  }

  @Operation(summary = "Every affected unit with its state, place, customer and progress")
  @GetMapping(value = "/api/recalls/{id}/units.csv", produces = "text/csv")
  String units(@PathVariable long id) {
    return csv.units(id);
  }

  private static Recalls.Source source(NewRecall body) {
    boolean legacy =
        body.componentSerial() != null || body.partNumber() != null || body.lot() != null;
    int given = (body.query() != null ? 1 : 0) + (body.fromFactor() != null ? 1 : 0);
    if (given + (legacy ? 1 : 0) != 1) {
      throw new IllegalArgumentException(
          "give exactly one of 'query' (where-used parameters), 'fromFactor' (kind and parameters"
              + " of a common factor), or 'componentSerial' / 'partNumber' and 'lot'");
    }
    if (body.fromFactor() != null) {
      FromFactor f = body.fromFactor();
      return new Recalls.Source(FactorQueries.of(f.kind(), f.parameters()), f.kind().strip());
    }
    if (body.query() != null) {
      return new Recalls.Source(WhereUsedQuery.parse(body.query()), null);
    }
    Map<String, String> legacyQuery = new LinkedHashMap<>();
    legacyQuery.put("componentSerial", body.componentSerial());
    legacyQuery.put("partNumber", body.partNumber());
    legacyQuery.put("lot", body.lot());
    return new Recalls.Source(WhereUsedQuery.parse(legacyQuery), null);
  }
}
