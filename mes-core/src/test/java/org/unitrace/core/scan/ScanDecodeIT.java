package org.unitrace.core.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unitrace.core.support.Rest.created;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.TestEvents;
import org.unitrace.core.support.TestServers;
import org.unitrace.line.gs1.Gtin;

/**
 * A scan decoded by the real core: products carry GTINs set through the API, units, lots and
 * shipments come from the ledger and the shipment API, and the decode endpoint finds them by the
 * keys on the label, in every form a scanner or a person gives them.
 */
class ScanDecodeIT extends CoreITSupport {

  private static final String GS = "\u001D";
  private static final AtomicInteger NEXT = new AtomicInteger(1000);

  private String p;

  @BeforeEach
  void name() {
    p = TestServers.unique("S");
  }

  /** A fresh GTIN-14 for each product of this class's database. */
  private static String newGtin() {
    String body = "0950600" + String.format("%06d", NEXT.incrementAndGet());
    return body + Gtin.checkDigit(body);
  }

  /** A product {@code partNumber} with a fresh GTIN; the GTIN. */
  private String productWithNewGtin(String partNumber) {
    String gtin = newGtin();
    product(partNumber, gtin);
    return gtin;
  }

  private JsonNode product(String partNumber, String gtin) {
    return created(
        post(
            "/api/products",
            Map.of("partNumber", partNumber, "name", "Pump " + partNumber, "gtin", gtin)));
  }

  private ResponseEntity<JsonNode> decode(String data) {
    return http.postForEntity("/api/labels/decode", Map.of("data", data), JsonNode.class);
  }

  private JsonNode decoded(String data) {
    ResponseEntity<JsonNode> r = decode(data);
    assertThat(r.getStatusCode()).as(r.toString()).isEqualTo(HttpStatus.OK);
    return r.getBody();
  }

  @Test
  void anSgtinFindsTheUnitInEveryFormAScannerGivesIt() {
    String gtin = newGtin();
    String pn = "PUMP-" + p;
    String serial = p + "-1";
    assertThat(product(pn, gtin.substring(1)).path("gtin").asText()).isEqualTo(gtin);
    postStored(List.of(new TestEvents(SITE, p, "edge-" + p).serialized(serial, pn, "RUN-" + p)));

    JsonNode raw = decoded("]d2" + "01" + gtin + "17261231" + "21" + serial);
    assertThat(raw.path("form").asText()).isEqualTo("raw");
    assertThat(raw.path("symbology").asText()).isEqualTo("]d2");
    assertThat(raw.path("elements").get(0).path("ai").asText()).isEqualTo("01");
    assertThat(raw.path("elements").get(0).path("title").asText()).isEqualTo("GTIN");
    assertThat(raw.path("elements").get(2).path("value").asText()).isEqualTo(serial);
    assertThat(raw.path("keys").path("unit").path("serial").asText()).isEqualTo(serial);
    assertThat(raw.path("keys").path("unit").path("partNumber").asText()).isEqualTo(pn);
    assertThat(raw.path("keys").path("product").path("partNumber").asText()).isEqualTo(pn);
    assertThat(raw.path("keys").path("notes")).isEmpty();
    assertThat(raw.path("digitalLink").asText())
        .isEqualTo("https://id.gs1.org/01/" + gtin + "/21/" + serial + "?17=261231");

    JsonNode link =
        decoded("]Q1https://scan.example.com/p/01/" + gtin + "/21/" + serial + "?17=261231");
    assertThat(link.path("form").asText()).isEqualTo("digital-link");
    assertThat(link.path("keys").path("unit").path("serial").asText()).isEqualTo(serial);
    assertThat(link.path("bracketed").asText())
        .isEqualTo("(01)" + gtin + "(21)" + serial + "(17)261231");

    JsonNode bracketed = decoded("(01)" + gtin + "(21)" + serial);
    assertThat(bracketed.path("form").asText()).isEqualTo("bracketed");
    assertThat(bracketed.path("keys").path("unit").path("serial").asText()).isEqualTo(serial);

    JsonNode ean = decoded("]E0" + gtin.substring(1));
    assertThat(ean.path("form").asText()).isEqualTo("ean-upc");
    assertThat(ean.path("keys").path("product").path("partNumber").asText()).isEqualTo(pn);
  }

  @Test
  void aGtinWithABatchFindsTheSupplierLotOrTheProductionRun() {
    String pn = "SEAL-" + p;
    String gtin = productWithNewGtin(pn);
    ResponseEntity<JsonNode> lot =
        http.postForEntity(
            "/api/lots",
            Map.of("partNumber", pn, "supplier", "Acme", "lot", "L" + p),
            JsonNode.class);
    assertThat(lot.getStatusCode()).as(lot.toString()).isEqualTo(HttpStatus.CREATED);

    JsonNode supplier = decoded("01" + gtin + "10L" + p + GS + "17261231");
    assertThat(supplier.path("keys").path("lot").path("kind").asText()).isEqualTo("SUPPLIER");
    assertThat(supplier.path("keys").path("lot").path("supplier").asText()).isEqualTo("Acme");

    String run = "R" + p;
    postStored(List.of(new TestEvents(SITE, p, "edge-r" + p).serialized(p + "-9", pn, run)));
    JsonNode production = decoded("(01)" + gtin + "(10)" + run);
    assertThat(production.path("keys").path("lot").path("kind").asText()).isEqualTo("PRODUCTION");
    assertThat(production.path("keys").path("lot").path("lot").asText()).isEqualTo(run);
  }

  @Test
  void anSsccFindsTheShipmentPackage() {
    String pn = "CTRL-" + p;
    String gtin = productWithNewGtin(pn);
    postStored(
        List.of(new TestEvents(SITE, p, "edge-s" + p).serialized(p + "-S", pn, "RUN-S" + p)));
    String customer = "C-" + p;
    http.postForEntity(
        "/api/customers", Map.of("reference", customer, "name", "Kiwi"), JsonNode.class);
    String body = "0" + "9506000" + String.format("%09d", NEXT.incrementAndGet());
    String sscc = body + Gtin.checkDigit(body);
    ResponseEntity<JsonNode> shipped =
        http.postForEntity(
            "/api/shipments",
            Map.of(
                "reference",
                "SO-" + p,
                "shipToCustomer",
                customer,
                "packages",
                List.of(
                    Map.of(
                        "reference",
                        "PAL-1",
                        "kind",
                        "PALLET",
                        "sscc",
                        sscc,
                        "serials",
                        List.of(p + "-S")))),
            JsonNode.class);
    assertThat(shipped.getStatusCode()).as(shipped.toString()).isEqualTo(HttpStatus.CREATED);

    JsonNode s = decoded("]C1" + "00" + sscc);
    assertThat(s.path("keys").path("shipment").path("reference").asText()).isEqualTo("SO-" + p);
    assertThat(s.path("keys").path("shipment").path("packageReference").asText())
        .isEqualTo("PAL-1");
    assertThat(s.path("keys").path("shipment").path("units").asInt()).isEqualTo(1);
    assertThat(s.path("digitalLink").asText()).isEqualTo("https://id.gs1.org/00/" + sscc);
  }

  @Test
  void keysThePlantDoesNotKnowAreNotedNotGuessed() {
    String gtin = newGtin();
    JsonNode unknown = decoded("(01)" + gtin + "(21)X1");
    assertThat(unknown.path("keys").path("product").isMissingNode()).isTrue();
    assertThat(unknown.path("keys").path("unit").isMissingNode()).isTrue();
    assertThat(unknown.path("keys").path("notes").get(0).asText())
        .isEqualTo("no product has GTIN " + gtin);
  }

  @Test
  void dataThatBreaksAGs1RuleIsA422NamingTheAiTheOffsetAndTheRule() {
    ResponseEntity<JsonNode> r = decode("]d2" + "0109506000134353");
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(r.getBody().path("ai").asText()).isEqualTo("01");
    assertThat(r.getBody().path("offset").asInt()).isEqualTo(5);
    assertThat(r.getBody().path("rule").asText()).isEqualTo("check digit 3 is wrong, expected 2");
    assertThat(r.getBody().path("detail").asText())
        .isEqualTo("AI (01) at offset 5: check digit 3 is wrong, expected 2");

    ResponseEntity<JsonNode> link = decode("https://id.gs1.org/01/09506000134352?10=ABC");
    assertThat(link.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(link.getBody().path("ai").asText()).isEqualTo("10");
    assertThat(link.getBody().path("rule").asText())
        .isEqualTo("is a key qualifier of (01) and belongs in the path, not the query");

    ResponseEntity<JsonNode> empty = decode("");
    assertThat(empty.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(empty.getBody().path("ai").isMissingNode()).isTrue();
  }

  @Test
  void aViewerMayDecodeAndAnAnonymousCallerMayNot() {
    String viewer = "v-" + p;
    assertThat(
            newUser(viewer, "correct horse battery", "viewer")
                .postForEntity(
                    "/api/labels/decode", Map.of("data", "(01)09506000134352"), JsonNode.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(
            anonymous
                .postForEntity(
                    "/api/labels/decode", Map.of("data", "(01)09506000134352"), JsonNode.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    // a viewer reads; setting a GTIN is production's or quality's
    assertThat(
            anonymous
                .withBasicAuth(viewer, "correct horse battery")
                .exchange(
                    "/api/products/ANY",
                    org.springframework.http.HttpMethod.PATCH,
                    new HttpEntity<>(Map.of("family", "x")),
                    JsonNode.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void aProductGtinIsCheckedPaddedUniqueAndSettableWithItsFamily() {
    String pn = "BOX-" + p;
    ResponseEntity<JsonNode> wrong =
        http.postForEntity(
            "/api/products", Map.of("partNumber", pn, "gtin", "9506000134353"), JsonNode.class);
    assertThat(wrong.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(wrong.getBody().toString())
        .contains("GTIN 9506000134353: check digit (digit 13) is 3, expected 2");

    String gtin = newGtin();
    product(pn, gtin.substring(1));
    JsonNode patched = patch(pn, Map.of("family", "pumps-eu")).getBody();
    assertThat(patched.path("family").asText()).isEqualTo("pumps-eu");
    assertThat(patched.path("gtin").asText()).isEqualTo(gtin);
    assertThat(http.getForObject("/api/products/" + pn, JsonNode.class).path("family").asText())
        .isEqualTo("pumps-eu");

    String other = "BOX2-" + p;
    product(other, newGtin());
    ResponseEntity<JsonNode> taken = patch(other, Map.of("gtin", gtin));
    assertThat(taken.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(taken.getBody().path("detail").asText()).contains(gtin, pn);

    assertThat(patch(pn, Map.of("gtin", "")).getBody().path("gtin").isMissingNode()).isTrue();
    assertThat(patch(pn, Map.of("family", "bad family")).getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
  }

  @Test
  void aBomCsvImportSetsGtinAndFamilyAndNamesAWrongDigitByRow() {
    String gtin = newGtin();
    String csv =
        "part_number,gtin,family,revision,position,component_part_number,tracking\n"
            + "CSV-"
            + p
            + ","
            + gtin
            + ",drives,A,P1,PCB-1,SERIAL\n";
    ResponseEntity<JsonNode> ok = importCsv(csv);
    assertThat(ok.getStatusCode().is2xxSuccessful()).as(ok.toString()).isTrue();
    JsonNode product = http.getForObject("/api/products/CSV-" + p, JsonNode.class);
    assertThat(product.path("gtin").asText()).isEqualTo(gtin);
    assertThat(product.path("family").asText()).isEqualTo("drives");

    String bad = gtin.substring(0, 13) + ((gtin.charAt(13) - '0' + 1) % 10);
    ResponseEntity<JsonNode> wrong =
        importCsv(
            "part_number,gtin,revision,position,component_part_number,tracking\n"
                + "CSV2-"
                + p
                + ","
                + bad
                + ",A,P1,PCB-1,SERIAL\n");
    assertThat(wrong.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(wrong.getBody().path("errors").get(0).path("row").asInt()).isEqualTo(2);
    assertThat(wrong.getBody().toString()).contains("row 2", "gtin", "check digit (digit 14)");

    String yamlGtin = newGtin();
    HttpHeaders yaml = new HttpHeaders();
    yaml.setContentType(MediaType.parseMediaType("application/yaml"));
    ResponseEntity<JsonNode> fromYaml =
        http.postForEntity(
            "/api/products/import",
            new HttpEntity<>(
                ("products:\n  - partNumber: YML-%s\n    gtin: \"%s\"\n    family: seals\n"
                        + "    revisions:\n      - revision: A\n        bom:\n"
                        + "          - {position: P1, componentPartNumber: S-1, tracking: LOT}\n")
                    .formatted(p, yamlGtin)
                    .getBytes(),
                yaml),
            JsonNode.class);
    assertThat(fromYaml.getStatusCode().is2xxSuccessful()).as(fromYaml.toString()).isTrue();
    assertThat(http.getForObject("/api/products/YML-" + p, JsonNode.class).path("gtin").asText())
        .isEqualTo(yamlGtin);
  }

  private ResponseEntity<JsonNode> patch(String pn, Map<String, String> body) {
    return http.exchange(
        "/api/products/" + pn,
        org.springframework.http.HttpMethod.PATCH,
        new HttpEntity<>(body),
        JsonNode.class);
  }

  private ResponseEntity<JsonNode> importCsv(String csv) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.parseMediaType("text/csv"));
    return http.postForEntity(
        "/api/products/import", new HttpEntity<>(csv.getBytes(), headers), JsonNode.class);
  }
}
