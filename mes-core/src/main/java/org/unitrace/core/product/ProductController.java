package org.unitrace.core.product;

import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.unitrace.core.imports.RowProblem;

/** Products, revisions and BOMs; their import; and the replacement parts of a built unit. */
@RestController
@RequiredArgsConstructor
class ProductController {

  static final String IMPORT_DESCRIPTION =
      """
      Imports products, revisions and their BOMs from a file, all or nothing: every revision \
      named in the file has its whole BOM replaced by the file's lines; if any row or line is \
      wrong, nothing is changed and the answer (400) lists every error as `{row, field, problem}` \
      (CSV: `row 3` with the header as row 1, YAML: the line) and the field. Send the file as \
      the body with \
      Content-Type `text/csv` or `application/yaml`, or as the `file` part of a \
      multipart/form-data upload (format from its content type or its .csv/.yaml/.yml name).

      CSV: a header row, then one row per BOM line. Columns (any order): `part_number`*, \
      `product_name`, `gtin` (8-14 digits, check digit verified), `family` (label family), \
      `revision`*, `revision_description`, `position`*, \
      `component_part_number`*, `tracking`* (SERIAL or LOT), `station`, `quantity` (default 1), \
      `required` (true/false, default true), `alternates` (`PART|PART@SUPPLIER`), `note`. \
      Column names case-insensitive, other columns ignored; comma or semicolon separated, RFC \
      4180 quoting, UTF-8.

      YAML: `products: [{partNumber, name, gtin, family, revisions: [{revision, description, bom: \
      [{position, componentPartNumber, tracking, station, quantity, required, note, \
      alternates: [{partNumber, supplier, note}]}]}]}]`. See docs/master-data.md.""";

  private final Catalog catalog;
  private final BomImport bomImport;
  private final ReplacementParts replacementParts;

  record NewProduct(String partNumber, String name, String gtin, String family) {}

  record TradeItemBody(String gtin, String family) {}

  record RevisionBody(String description, List<BomLine> bom) {}

  @Operation(
      summary = "Create a product",
      description =
          "partNumber (required), name, gtin (GTIN-8, -12, -13 or -14 with a correct check digit;"
              + " stored as 14 digits; one product per GTIN) and family (the label family whose"
              + " templates print its units). A product the line registered by itself gets its"
              + " name here. 400 lists every wrong field; 409 when the GTIN is another"
              + " product's.")
  @PostMapping("/api/products")
  @ResponseStatus(HttpStatus.CREATED)
  Catalog.Product create(@RequestBody NewProduct body) {
    return catalog.create(body.partNumber(), body.name(), body.gtin(), body.family());
  }

  @Operation(
      summary = "Set a product's GTIN and label family",
      description =
          "A field left out stays as it is; an empty string clears it. The GTIN may have 8, 12, 13"
              + " or 14 digits and must have a correct check digit (the error names the digit"
              + " expected); it is stored as 14 digits. With a GTIN the product's units are"
              + " SGTINs in EPCIS and on labels. 409 when another product has the GTIN.")
  @PatchMapping("/api/products/{partNumber}")
  Catalog.Product setTradeItem(@PathVariable String partNumber, @RequestBody TradeItemBody body) {
    return catalog.setTradeItem(partNumber, body.gtin(), body.family());
  }

  @GetMapping("/api/products")
  List<Catalog.Product> products() {
    return catalog.list();
  }

  @GetMapping("/api/products/{partNumber}")
  Catalog.Product product(@PathVariable String partNumber) {
    return catalog.product(partNumber);
  }

  @Operation(
      summary = "Create or replace a product revision with its whole BOM",
      description =
          "The BOM sent replaces the revision's BOM entirely. Each line: position (unique),"
              + " componentPartNumber, tracking (SERIAL or LOT), station, quantity (default 1),"
              + " required (default true), note, alternates [{partNumber, supplier, note}]: a"
              + " substitute part, or the same part from an approved supplier. Every error is"
              + " listed, with the field as bom[i].field.")
  @PutMapping("/api/products/{partNumber}/revisions/{revision}")
  Catalog.Bom putRevision(
      @PathVariable String partNumber,
      @PathVariable String revision,
      @RequestBody RevisionBody body) {
    return catalog.putRevision(partNumber, revision, body.description(), body.bom());
  }

  @Operation(
      summary = "The BOM of a product revision",
      description = "Edge agents fetch it (role edge) for the revision their run builds.")
  @GetMapping("/api/products/{partNumber}/revisions/{revision}/bom")
  Catalog.Bom bom(@PathVariable String partNumber, @PathVariable String revision) {
    return catalog.bom(partNumber, revision);
  }

  @Operation(
      summary = "Import products and BOMs from CSV or YAML",
      description = IMPORT_DESCRIPTION)
  @PostMapping(
      path = "/api/products/import",
      consumes = {"text/csv", "application/yaml", "application/x-yaml", "text/yaml"})
  BomImport.ImportSummary importFile(
      @RequestBody byte[] file, @RequestHeader("Content-Type") MediaType type) {
    return importAs(type.getSubtype().contains("csv") ? "csv" : "yaml", file);
  }

  @Operation(
      summary = "Import products and BOMs from an uploaded file",
      description = IMPORT_DESCRIPTION)
  @PostMapping(path = "/api/products/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  BomImport.ImportSummary importUpload(@RequestParam("file") MultipartFile file) {
    String name = file.getOriginalFilename() == null ? "" : file.getOriginalFilename();
    String type = file.getContentType() == null ? "" : file.getContentType();
    String lower = name.toLowerCase(Locale.ROOT);
    String format;
    if (lower.endsWith(".csv") || type.contains("csv")) {
      format = "csv";
    } else if (lower.endsWith(".yaml") || lower.endsWith(".yml") || type.contains("yaml")) {
      format = "yaml";
    } else {
      throw new IllegalArgumentException(
          "cannot tell the format of upload '%s' (%s): name it .csv, .yaml or .yml"
              .formatted(name, type));
    }
    try {
      return importAs(format, file.getBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the uploaded file " + name, e);
    }
  }

  private BomImport.ImportSummary importAs(String format, byte[] file) {
    List<RowProblem> errors = new ArrayList<>();
    return format.equals("csv")
        ? bomImport.importRevisions("BOM CSV import", BomCsv.read(file, errors), errors)
        : bomImport.importRevisions("BOM YAML import", BomYaml.read(file, errors), errors);
  }

  @Operation(
      summary = "The parts to replace each BOM position of a unit with",
      description =
          "Per BOM position of the unit's revision: the part number (and revision, for a"
              + " sub-assembly) it was built with, from its genealogy edges still bound, and the"
              + " parts approved for that position today: the BOM's part and its alternates.")
  @GetMapping("/api/units/{serial}/replacement-parts")
  ReplacementParts.View replacementParts(@PathVariable String serial) {
    return replacementParts.of(serial);
  }
}
