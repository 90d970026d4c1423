package org.unitrace.core.handheld;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.unitrace.core.system.Text;

/**
 * What the handheld pages call beyond the desks' own endpoints. Every change here and elsewhere may
 * carry an {@code Idempotency-Key} header ({@link IdempotencyFilter}).
 */
@RestController
@RequiredArgsConstructor
class HandheldController {

  private final Scans scans;
  private final Moves moves;
  private final org.unitrace.core.lot.LotArrivals lots;

  /**
   * {@code code}: the text as read; {@code serial}/{@code sscc}: what the device took from it
   * (neither: the code is the serial); {@code scannedAt}: ISO-8601, when the device read it (a scan
   * queued offline arrives later).
   */
  record ScanRequest(
      String code,
      String serial,
      String sscc,
      String page,
      String location,
      String device,
      String scannedAt) {

    Scans.Scan scan(String defaultPage) {
      return new Scans.Scan(
          code,
          serial,
          sscc,
          page == null || page.isBlank() ? defaultPage : page.strip(),
          Text.blankToNull(location),
          Text.blankToNull(device),
          instant(scannedAt));
    }
  }

  record MoveRequest(String mode, String from, String to, ScanRequest scan, String note) {}

  @Operation(
      summary = "Record a handheld scan and answer what it names",
      description =
          "Answers the unit (or the units of the package an SSCC names) with status, place and"
              + " any open stolen or lost report; a stolen or lost unit raises an alert (GET"
              + " /api/alerts) naming the page and location of the scan.")
  @PostMapping("/api/scans")
  @ResponseStatus(HttpStatus.CREATED)
  Scans.Answer scan(@RequestBody ScanRequest body, Authentication caller) {
    return scans.record(body.scan(null), caller.getName());
  }

  @Operation(
      summary = "Receive or transfer the units of one scan (a serial or an SSCC) to a location",
      description =
          "mode RECEIVE: from no location yet, another location, or a shipment in transit to us"
              + " (received whole); mode TRANSFER: from a location only ('from' when given)."
              + " A stolen or lost unit is refused (409) and raises an alert.")
  @PostMapping("/api/handheld/moves")
  @ResponseStatus(HttpStatus.CREATED)
  Moves.Outcome move(@RequestBody MoveRequest body, Authentication caller) {
    Moves.Mode mode;
    try {
      mode = Moves.Mode.valueOf(String.valueOf(body.mode()).strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'mode' must be RECEIVE or TRANSFER, was '%s'".formatted(body.mode()));
    }
    if (body.scan() == null) {
      throw new IllegalArgumentException("'scan' is required: the code scanned");
    }
    return moves.move(
        mode,
        Text.blankToNull(body.from()),
        Text.blankToNull(body.to()),
        body.scan().scan(mode.name().toLowerCase(Locale.ROOT)),
        body.note(),
        caller.getName());
  }

  /**
   * {@code quantity}: the label's count (AI 37 or 30) where it has one; {@code supplier}: as the
   * clerk named it, else taken from the lot's announcement or the part's last receipt.
   */
  record LotReceiptRequest(
      String gtin,
      String lot,
      String quantity,
      String supplier,
      String location,
      ScanRequest scan) {}

  @Operation(
      summary = "Receive a supplier's lot by its label (GTIN and batch/lot)",
      description =
          "The goods receipt of the lot, as POST /api/lots registers it: the part is the one"
              + " whose GTIN the label carries, the supplier the one named, else the lot's"
              + " announced supplier, else the part's last. 422 with 'field' (gtin, lot or"
              + " supplier) when one cannot be told.")
  @PostMapping("/api/handheld/lot-receipts")
  @ResponseStatus(HttpStatus.CREATED)
  org.unitrace.core.lot.LotArrivals.Received receiveLot(
      @RequestBody LotReceiptRequest body, Authentication caller) {
    java.math.BigDecimal quantity = null;
    if (body.quantity() != null && !body.quantity().isBlank()) {
      try {
        quantity = new java.math.BigDecimal(body.quantity().strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "'quantity' must be a number, was '%s'".formatted(body.quantity()));
      }
    }
    return lots.receive(
        body.gtin(),
        body.lot(),
        quantity,
        body.supplier(),
        Text.blankToNull(body.location()),
        caller.getName());
  }

  private static Instant instant(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'scannedAt' must be an ISO-8601 instant (2026-12-06T10:15:30Z), was '%s'"
              .formatted(text));
    }
  }
}
