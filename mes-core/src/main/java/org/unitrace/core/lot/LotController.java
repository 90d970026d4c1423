package org.unitrace.core.lot;

import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.unitrace.core.system.PageLimit;

/** Supplier lots: goods receipts through the API or an ERP's CSV export, and the lot register. */
@RestController
@RequiredArgsConstructor
class LotController {

  private static final String IMPORT_DESCRIPTION =
      """
      Registers the goods receipts of an ERP export, all or nothing: if any row is wrong, \
      nothing is changed and the answer (400) lists every error as `{row, field, problem}` (the \
      header is row 1). \
      Body `text/csv` or a multipart `file` part. Header row with the columns (any order, \
      case-insensitive, comma or semicolon separated): `part_number`*, `supplier`*, `lot`*, `received_date`* \
      (YYYY-MM-DD, or an ISO-8601 date-time with offset), `quantity`, `certificate`, `note`; \
      other columns are ignored. A lot the line reported first is marked received.""";

  private final Lots lots;

  @Operation(
      summary = "Register the goods receipt of a supplier lot",
      description =
          "Creates the lot, or completes one the line reported first (received=false), marking"
              + " it received. receivedAt defaults to now.")
  @PostMapping("/api/lots")
  @ResponseStatus(HttpStatus.CREATED)
  Lots.Lot register(@RequestBody LotReceipt body, Authentication caller) {
    return lots.register(body, caller.getName());
  }

  @Operation(
      summary = "Supplier lots",
      description = "received=false lists the lots seen on the line but never received.")
  @GetMapping("/api/lots")
  List<Lots.Lot> list(
      @RequestParam(required = false) String partNumber,
      @RequestParam(required = false) String supplier,
      @RequestParam(required = false) Boolean received,
      @RequestParam(defaultValue = "500") int limit) {
    PageLimit.check(limit, 10_000);
    return lots.list(partNumber, supplier, received, limit);
  }

  @GetMapping("/api/lots/{partNumber}/{lot}")
  Lots.Lot lot(@PathVariable String partNumber, @PathVariable String lot) {
    return lots.get(partNumber, lot);
  }

  @Operation(
      summary = "Import goods receipts from an ERP CSV export",
      description = IMPORT_DESCRIPTION)
  @PostMapping(path = "/api/lots/import", consumes = "text/csv")
  Lots.ImportSummary importCsv(@RequestBody byte[] file, Authentication caller) {
    return lots.importCsv(file, caller.getName());
  }

  @Operation(
      summary = "Import goods receipts from an uploaded CSV file",
      description = IMPORT_DESCRIPTION)
  @PostMapping(path = "/api/lots/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  Lots.ImportSummary importUpload(@RequestParam("file") MultipartFile file, Authentication caller) {
    try {
      return lots.importCsv(file.getBytes(), caller.getName());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the uploaded file", e);
    }
  }
}
