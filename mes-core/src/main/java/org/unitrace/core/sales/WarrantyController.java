package org.unitrace.core.sales;

import io.swagger.v3.oas.annotations.Operation;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A product's warranty policy, and whether a unit is in warranty. */
@RestController
class WarrantyController {

  private final Warranties warranties;

  WarrantyController(Warranties warranties) {
    this.warranties = warranties;
  }

  record PolicyRequest(Integer months, String startsAt) {}

  @Operation(
      summary = "Set a product's warranty policy",
      description =
          "months of warranty, counted from the SALE (default) or the first SHIPMENT to the"
              + " customer. A product not seen on a line yet is created.")
  @PutMapping("/api/products/{partNumber}/warranty")
  Warranties.Policy policy(@PathVariable String partNumber, @RequestBody PolicyRequest body) {
    return warranties.setPolicy(partNumber, body.months(), body.startsAt());
  }

  @Operation(
      summary = "Is a unit in warranty, until when, and why",
      description = "'on' (YYYY-MM-DD, default today, UTC) asks about another day.")
  @GetMapping("/api/units/{serial}/warranty")
  Warranties.Warranty warranty(
      @PathVariable String serial,
      @RequestParam(required = false)
          @org.springframework.format.annotation.DateTimeFormat(
              iso = org.springframework.format.annotation.DateTimeFormat.ISO.DATE)
          LocalDate on) {
    return warranties.of(serial, on == null ? LocalDate.now(ZoneOffset.UTC) : on);
  }
}
