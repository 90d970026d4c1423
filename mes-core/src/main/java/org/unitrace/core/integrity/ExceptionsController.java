package org.unitrace.core.integrity;

import io.swagger.v3.oas.annotations.Operation;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import lombok.RequiredArgsConstructor;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.unitrace.core.system.PageLimit;

/** Integrity exceptions for quality review. */
@RestController
@RequiredArgsConstructor
class ExceptionsController {

  private final IntegrityExceptions exceptions;

  record Reason(String reason) {}

  @Operation(
      summary = "Integrity exceptions raised at ingestion, newest first",
      description =
          "kind: WRONG_PART (a bound part neither in the unit's BOM nor an approved alternate),"
              + " DOUBLE_CONSUMPTION (a component serial bound to two units at once), INCOMPLETE"
              + " (a unit completed with required BOM positions unfilled). open=true lists the"
              + " unresolved ones, open=false the resolved ones.")
  @GetMapping("/api/exceptions")
  List<IntegrityExceptions.IntegrityException> list(
      @RequestParam(required = false) String kind,
      @RequestParam(required = false) Boolean open,
      @RequestParam(required = false) String serial,
      @RequestParam(defaultValue = "500") int limit) {
    PageLimit.check(limit, 10_000);
    return exceptions.list(kind(kind), open, serial, limit);
  }

  @GetMapping("/api/exceptions/{id}")
  IntegrityExceptions.IntegrityException get(@PathVariable long id) {
    return exceptions.get(id);
  }

  @Operation(summary = "Resolve an integrity exception, with the reason (audited)")
  @PostMapping("/api/exceptions/{id}/resolve")
  IntegrityExceptions.IntegrityException resolve(
      @PathVariable long id, @RequestBody Reason body, Authentication caller) {
    return exceptions.resolve(id, body.reason(), caller.getName());
  }

  private static Kind kind(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Kind.valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "parameter 'kind' must be one of %s, was '%s'"
              .formatted(Arrays.toString(Kind.values()), value));
    }
  }
}
