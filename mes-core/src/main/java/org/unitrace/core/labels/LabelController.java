package org.unitrace.core.labels;

import io.swagger.v3.oas.annotations.Operation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import lombok.RequiredArgsConstructor;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.unitrace.core.system.Text;

/**
 * Unit and shipping labels: ZPL as the printer gets it, or a PNG/PDF preview drawn from that ZPL
 * (by suffix, else by {@code Accept}); printing to a configured network printer; the printers.
 */
@RestController
@RequiredArgsConstructor
class LabelController {

  static final MediaType ZPL = new MediaType("text", "plain", StandardCharsets.UTF_8);
  private static final MediaType PDF = MediaType.APPLICATION_PDF;

  private final Labels labels;
  private final LabelImages images;
  private final LabelPrinters printers;

  /** Exactly one of {@code unit} (a serial), {@code sscc} or {@code shipment} (its id). */
  record PrintRequest(String printer, String unit, String sscc, String shipment) {}

  private enum Format {
    ZPL,
    PNG,
    PDF
  }

  private record Asked(String key, Format format) {}

  @Operation(
      summary = "A unit's label: ZPL, or its PNG/PDF preview",
      description =
          "By suffix (.zpl, .png, .pdf), else by Accept (image/png, application/pdf, text/plain;"
              + " anything else: PNG). GS1 DataMatrix (01)GTIN(21)serial, or the serial alone"
              + " when the product has no GTIN; the product family's template where it has one.")
  @GetMapping("/api/labels/units/{serial}")
  ResponseEntity<byte[]> unit(
      @PathVariable String serial,
      @RequestHeader(value = "Accept", required = false) String accept) {
    Asked asked = asked(serial, accept);
    return answer(asked, labels.unit(asked.key()));
  }

  @Operation(
      summary = "A package's shipping label: ZPL, or its PNG/PDF preview",
      description =
          "GS1-128 with the (00) SSCC, ship-to name and address, shipment reference, carrier,"
              + " package n of m and its unit count.")
  @GetMapping("/api/labels/packages/{sscc}")
  ResponseEntity<byte[]> shippingLabel(
      @PathVariable String sscc, @RequestHeader(value = "Accept", required = false) String accept) {
    Asked asked = asked(sscc, accept);
    return answer(asked, labels.packageLabel(asked.key()));
  }

  @Operation(
      summary = "Print a unit label, a package's shipping label, or all of a shipment's",
      description =
          "Body {printer, unit} or {printer, sscc} or {printer, shipment}: one job on one TCP"
              + " connection. 404 for an unknown printer, unit, SSCC or shipment; 422 when the"
              + " label cannot be made; 503 when the printer does not answer, 502 when it breaks"
              + " off the job (both naming host:port).")
  @PostMapping("/api/labels/print")
  Labels.Printed print(@RequestBody PrintRequest body) {
    String printer = Text.blankToNull(body.printer());
    if (printer == null) {
      throw new LabelRejected(
          "'printer' is required; configured: "
              + (printers.list().isEmpty()
                  ? "none"
                  : String.join(
                      ", ", printers.list().stream().map(LabelPrinters.Listed::name).toList())));
    }
    printers.find(printer);
    List<String> named = new ArrayList<>();
    String unit = Text.blankToNull(body.unit());
    String sscc = Text.blankToNull(body.sscc());
    String shipment = Text.blankToNull(body.shipment());
    if (unit != null) {
      named.add("unit");
    }
    if (sscc != null) {
      named.add("sscc");
    }
    if (shipment != null) {
      named.add("shipment");
    }
    if (named.size() != 1) {
      throw new LabelRejected(
          "name exactly one of 'unit' (a serial), 'sscc' or 'shipment' (its id); got "
              + (named.isEmpty() ? "none" : String.join(" and ", named)));
    }
    if (unit != null) {
      return labels.print(printer, "unit", unit, List.of(labels.unit(unit)));
    }
    if (sscc != null) {
      return labels.print(printer, "shipment_package", sscc, List.of(labels.packageLabel(sscc)));
    }
    long id;
    try {
      id = Long.parseLong(shipment);
    } catch (NumberFormatException e) {
      throw new LabelRejected(
          "'shipment' is a shipment id (a number), was '%s'".formatted(shipment));
    }
    return labels.print(printer, "shipment", shipment, labels.shipment(id));
  }

  @Operation(summary = "The configured label printers")
  @GetMapping("/api/labels/printers")
  List<LabelPrinters.Listed> printers() {
    return printers.list();
  }

  @Operation(
      summary = "A printer's host status (~HS): ready, out of paper, paused, head open, ribbon out",
      description = "503 when it does not answer, 502 when its answer is not a host status.")
  @GetMapping("/api/labels/printers/{name}/status")
  PrinterStatus status(@PathVariable String name) {
    return printers.status(name);
  }

  @ExceptionHandler(LabelRejected.class)
  ProblemDetail rejected(LabelRejected e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
  }

  @ExceptionHandler(LabelPrinters.UnknownPrinter.class)
  ProblemDetail unknownPrinter(LabelPrinters.UnknownPrinter e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler(PrinterUnavailable.class)
  ProblemDetail unavailable(PrinterUnavailable e) {
    return ProblemDetail.forStatusAndDetail(
        e.unreachable() ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.BAD_GATEWAY, e.getMessage());
  }

  /** A template edited into something that cannot print, found at its use. */
  @ExceptionHandler(TemplateException.class)
  ProblemDetail brokenTemplate(TemplateException e) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, e.getMessage());
  }

  /** The values do not fit the label (a serial too long for the DataMatrix, say). */
  @ExceptionHandler(ZplException.class)
  ProblemDetail cannotDraw(ZplException e) {
    return ProblemDetail.forStatusAndDetail(
        HttpStatus.UNPROCESSABLE_ENTITY,
        "the label cannot be drawn (ZPL line %d): %s".formatted(e.line(), e.getMessage()));
  }

  private ResponseEntity<byte[]> answer(Asked asked, String zpl) {
    byte[] body;
    MediaType type;
    String suffix = asked.format().name().toLowerCase(Locale.ROOT);
    switch (asked.format()) {
      case PNG -> {
        body = images.png(zpl);
        type = MediaType.IMAGE_PNG;
      }
      case PDF -> {
        body = images.pdf(zpl);
        type = PDF;
      }
      default -> {
        body = zpl.getBytes(StandardCharsets.UTF_8);
        type = ZPL;
      }
    }
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(type);
    headers.setCacheControl("no-store");
    headers.setContentDisposition(
        ContentDisposition.inline()
            .filename(asked.key() + "." + suffix, StandardCharsets.UTF_8)
            .build());
    return ResponseEntity.ok().headers(headers).body(body);
  }

  private static Asked asked(String name, String accept) {
    for (Format f : Format.values()) {
      String suffix = "." + f.name().toLowerCase(Locale.ROOT);
      if (name.length() > suffix.length() && name.toLowerCase(Locale.ROOT).endsWith(suffix)) {
        return new Asked(name.substring(0, name.length() - suffix.length()), f);
      }
    }
    if (accept != null) {
      List<MediaType> types = MediaType.parseMediaTypes(accept);
      types.sort(Comparator.comparingDouble(MediaType::getQualityValue).reversed());
      for (MediaType t : types) {
        if (t.isWildcardType()) {
          break;
        }
        if (t.isCompatibleWith(MediaType.IMAGE_PNG) && !t.isWildcardSubtype()) {
          return new Asked(name, Format.PNG);
        }
        if (t.isCompatibleWith(PDF)) {
          return new Asked(name, Format.PDF);
        }
        if (t.isCompatibleWith(MediaType.TEXT_PLAIN) && !t.isWildcardSubtype()
            || t.getSubtype().equals("zpl")) {
          return new Asked(name, Format.ZPL);
        }
      }
    }
    return new Asked(name, Format.PNG);
  }
}
