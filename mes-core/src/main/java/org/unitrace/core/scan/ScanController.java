package org.unitrace.core.scan;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.unitrace.line.gs1.Gs1ParseException;

/** Decodes what a scanner read, for handheld pages and integrations. */
@RestController
@RequiredArgsConstructor
class ScanController {

  private final ScanDecoder decoder;

  /**
   * @param data the scanned text: raw barcode data (FNC1 as ASCII GS, byte 29), optionally after an
   *     AIM symbology identifier ({@code ]d2}, {@code ]C1}, {@code ]Q3}, {@code ]e0}, {@code ]E0}
   *     for EAN/UPC); bracketed element strings ({@code (01)...(21)...}); or a GS1 Digital Link URI
   */
  record ScanBody(
      @Schema(
              description =
                  "The scanned data: raw (GS as \\u001d, optional symbology identifier such as"
                      + " ]d2 ]C1 ]Q3 ]e0), bracketed element strings, or a GS1 Digital Link URI",
              example = "]d20109506000134352172612311012345\u001d21S001")
          String data) {}

  @Operation(
      summary = "Decode a scan into GS1 element strings and what the plant knows of its keys",
      description =
          """
          Accepts raw scan data (with or without an AIM symbology identifier such as `]d2` \
          GS1 DataMatrix, `]C1` GS1-128, `]Q3` GS1 QR, `]e0` GS1 DataBar, `]E0` EAN/UPC; FNC1 as \
          GS, byte 29), bracketed element strings `(01)09506000134352(21)S001`, or a GS1 Digital \
          Link URI of any domain (`https://id.example.com/01/09506000134352/21/S001?17=261231`). \
          Every GS1 rule applies: lengths, character sets, check digits, dates, code lists, \
          mandatory and invalid AI pairings, Digital Link path and query rules.

          200: `elements` (AI, title, value, in scan order; a Digital Link gives path then query), \
          `bracketed`, `digitalLink` (the canonical URI when the data has a primary key), and \
          `keys`: `product` for a GTIN (01), `unit` for an SGTIN (01 + 21), `lot` for a GTIN \
          with batch (01 + 10: a supplier lot, or a production run whose id is the batch), \
          `shipment` for an SSCC (00), and `notes` for keys the plant does not know; a key not \
          found is absent, never guessed.

          422: a problem body naming `ai` (absent when the AI itself is unreadable), `offset` \
          (character position in `data`, symbology identifier included) and `rule`.""")
  @ApiResponse(
      responseCode = "422",
      description = "The data breaks a GS1 rule",
      content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
  @PostMapping("/api/labels/decode")
  ScanDecoder.Decoded decode(@RequestBody ScanBody body) {
    return decoder.decode(body == null ? null : body.data());
  }

  @ExceptionHandler(Gs1ParseException.class)
  ProblemDetail unreadable(Gs1ParseException e) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
    problem.setTitle("Not valid GS1 data");
    problem.setProperty("ai", e.ai());
    problem.setProperty("offset", e.offset());
    problem.setProperty("rule", e.rule());
    return problem;
  }
}
