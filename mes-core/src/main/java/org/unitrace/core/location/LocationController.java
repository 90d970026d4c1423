package org.unitrace.core.location;

import io.swagger.v3.oas.annotations.Operation;
import java.util.ArrayList;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.unitrace.core.imports.Csv;
import org.unitrace.core.system.NotFoundException;
import org.unitrace.core.system.PageLimit;
import org.unitrace.core.system.Text;

/** Locations, what stands in them, where a line's output goes, and transfers between them. */
@RestController
@RequiredArgsConstructor
class LocationController {

  private final Locations locations;
  private final Transfers transfers;
  private final Stock stock;
  private final UnitHistory history;

  record NewLocation(String code, String name, String kind, String parent) {}

  record CompletionTarget(String location) {}

  /** {@code from} may be left out for units that have no location yet (straight off a line). */
  record TransferRequest(String from, String to, List<String> serials, String note) {}

  record UnitLocation(String serial, Place place, List<UnitHistory.Entry> history) {}

  static final List<String> CSV_COLUMNS = List.of("serial", "from", "to");

  @Operation(summary = "Create a location (SITE, WAREHOUSE under a SITE, ZONE, BIN)")
  @PostMapping("/api/locations")
  @ResponseStatus(HttpStatus.CREATED)
  Locations.Location create(@RequestBody NewLocation body, Authentication caller) {
    return locations.create(body.code(), body.name(), body.kind(), body.parent(), caller.getName());
  }

  @GetMapping("/api/locations")
  List<Locations.Location> all() {
    return locations.all();
  }

  @Operation(
      summary = "Units at a location, with counts per product",
      description =
          "deep=true counts the locations under it too; 'listed' holds at most 'limit' units.")
  @GetMapping("/api/locations/{code}/units")
  Locations.Contents units(
      @PathVariable String code,
      @RequestParam(defaultValue = "false") boolean deep,
      @RequestParam(defaultValue = "1000") int limit) {
    PageLimit.check(limit, 0, 100_000);
    return locations.contents(code, deep, limit);
  }

  @Operation(
      summary = "Where a line's completed units go",
      description =
          "A unit COMPLETED on this line (a UnitStatusChanged event) enters the location in the"
              + " transaction that ingests the event, unless it has a place already.")
  @PutMapping("/api/lines/{site}/{line}/completion-location")
  Locations.CompletionLocation completion(
      @PathVariable String site,
      @PathVariable String line,
      @RequestBody CompletionTarget body,
      Authentication caller) {
    return locations.setCompletion(site, line, body.location(), caller.getName());
  }

  @GetMapping("/api/lines/{site}/{line}/completion-location")
  Locations.CompletionLocation completion(@PathVariable String site, @PathVariable String line) {
    return locations
        .completion(site, line)
        .orElseThrow(() -> new NotFoundException("completion location of line", site + "/" + line));
  }

  @Operation(
      summary = "Transfer units between locations",
      description =
          "All or nothing: if any serial is unknown, listed twice, or not at the source location,"
              + " nothing moves and the answer (409, or 400 for malformed input) lists each"
              + " offending item as serials[i] with the reason.")
  @PostMapping(value = "/api/transfers", consumes = MediaType.APPLICATION_JSON_VALUE)
  @ResponseStatus(HttpStatus.CREATED)
  Transfers.Transfer transfer(@RequestBody TransferRequest body, Authentication caller) {
    List<String> serials = body.serials() == null ? List.of() : body.serials();
    List<Transfers.Item> items = new ArrayList<>(serials.size());
    for (int i = 0; i < serials.size(); i++) {
      items.add(
          new Transfers.Item(
              null,
              "serials[" + i + "]",
              Text.blankToNull(serials.get(i)),
              Text.blankToNull(body.from()),
              Text.blankToNull(body.to())));
    }
    return transfers.transfer(items, body.note(), caller.getName()).get(0);
  }

  @Operation(
      summary = "Transfer units from a CSV file (columns serial,from,to)",
      description =
          "All or nothing: one transfer per distinct from/to pair, applied in one transaction;"
              + " if any row is wrong nothing is applied and the answer lists every faulty row"
              + " and field (the header is row 1). 'from' may be empty for units with no"
              + " location yet.")
  @PostMapping(value = "/api/transfers", consumes = "text/csv")
  @ResponseStatus(HttpStatus.CREATED)
  List<Transfers.Transfer> transferCsv(
      @RequestBody byte[] csv, @RequestParam(required = false) String note, Authentication caller) {
    List<Transfers.Item> items = new ArrayList<>();
    for (Csv.Row row : Csv.read(csv, CSV_COLUMNS)) {
      items.add(
          new Transfers.Item(
              row.number(), "serial", row.get("serial"), row.get("from"), row.get("to")));
    }
    return transfers.transfer(items, note, caller.getName());
  }

  @GetMapping("/api/transfers/{id}")
  Transfers.Transfer transfer(@PathVariable long id) {
    return transfers.find(id);
  }

  @Operation(summary = "A transfer as CSV (serial,from,to), the format the import takes")
  @GetMapping(value = "/api/transfers/{id}/csv", produces = "text/csv")
  String transferCsv(@PathVariable long id) {
    Transfers.Transfer t = transfers.find(id);
    return Csv.write(
        CSV_COLUMNS,
        t.serials().stream().map(s -> java.util.Arrays.asList(s, t.from(), t.to())).toList());
  }

  @Operation(summary = "Where a unit is now, and every after-sales entry of its history")
  @GetMapping("/api/units/{serial}/location")
  UnitLocation location(@PathVariable String serial) {
    List<UnitHistory.Entry> entries = history.of(serial);
    Place place = stock.placeOf(serial).orElse(null);
    if (place == null && entries.isEmpty()) {
      throw new NotFoundException("location of unit", serial);
    }
    return new UnitLocation(serial, place, entries);
  }
}
