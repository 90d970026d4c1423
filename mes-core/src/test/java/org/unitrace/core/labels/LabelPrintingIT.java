package org.unitrace.core.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unitrace.core.support.Rest.created;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.zxing.BarcodeFormat;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventPayload;
import org.unitrace.core.support.Bodies;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.TestEvents;
import org.unitrace.core.support.TestServers;
import org.unitrace.sim.printer.PrinterSimulator;

/**
 * Labels end to end on the real PostgreSQL: units made by their line's events, a shipment packed
 * through the API, labels printed over TCP to the printer simulator, and every preview read back
 * with ZXing to the data it must carry.
 */
class LabelPrintingIT extends CoreITSupport {

  @AutoClose private static final PrinterSimulator PRINTER = PrinterSimulator.start(0, null);
  private static final int DEAD_PORT = TestServers.freePort();
  private static final AtomicInteger GTINS = new AtomicInteger();
  private static final Duration WAIT = Duration.ofSeconds(60);

  private String p;
  private String product;
  private String gtin;
  private TestEvents events;
  private String customer;

  @DynamicPropertySource
  static void labels(DynamicPropertyRegistry registry) {
    Path templates = familyTemplates();
    registry.add("unitrace.labels.templates", templates::toString);
    registry.add("unitrace.labels.printers.dock.host", () -> "127.0.0.1");
    registry.add("unitrace.labels.printers.dock.port", PRINTER::port);
    registry.add("unitrace.labels.printers.dock.description", () -> "dock door 1");
    registry.add("unitrace.labels.printers.gone.host", () -> "127.0.0.1");
    registry.add("unitrace.labels.printers.gone.port", () -> DEAD_PORT);
    registry.add("unitrace.labels.connect-timeout", () -> "PT5S");
  }

  @BeforeEach
  void aLineAWarehouseAndACustomer() {
    p = TestServers.unique("LB");
    String line = p + "-L";
    product = "VALVE-" + p;
    events = new TestEvents(SITE, line, "edge-" + p);
    created(post("/api/locations", Map.of("code", p, "name", "Auckland", "kind", "SITE")));
    created(post("/api/locations", Map.of("code", p + "-WH", "kind", "WAREHOUSE", "parent", p)));
    completedUnitsGoTo(line, p + "-WH");
    customer = "C-" + p;
    created(
        post(
            "/api/customers",
            Bodies.customer(
                customer,
                "Kiwi ^Valves~ Ltd",
                Map.of("label", "billing", "street", "9 Bill St", "city", "Wellington"),
                Bodies.queenStreet("postalCode", "1010"))));
    gtin = gtin();
  }

  @Test
  void aUnitLabelReachesThePrinterAndItsPreviewsDecodeToTheGs1ElementString() throws Exception {
    String serial = made("U1");
    setProduct(gtin, null);

    String zpl = text("/api/labels/units/" + serial + ".zpl");
    String expected = FieldData.FNC1 + "01" + gtin + "21" + serial;
    LabelDecoding.Read png =
        LabelDecoding.read(
            bytes("/api/labels/units/" + serial + ".png", "image/png"), BarcodeFormat.DATA_MATRIX);
    assertThat(png.text()).isEqualTo(expected);
    assertThat(png.symbology()).isEqualTo("]d2");
    LabelDecoding.Read pdf =
        LabelDecoding.read(
            pdfPage(bytes("/api/labels/units/" + serial + ".pdf", "application/pdf")),
            BarcodeFormat.DATA_MATRIX);
    assertThat(pdf.text()).isEqualTo(expected);
    // without a suffix, Accept chooses
    assertThat(bytesAccepting("/api/labels/units/" + serial, "image/png"))
        .startsWith(0x89, 'P', 'N', 'G');

    PRINTER.clear();
    ResponseEntity<JsonNode> printed =
        post("/api/labels/print", Map.of("printer", "dock", "unit", serial));
    assertThat(printed.getStatusCode()).as("%s", printed.getBody()).isEqualTo(HttpStatus.OK);
    assertThat(printed.getBody().path("printer").asText()).isEqualTo("dock");
    assertThat(printed.getBody().path("labels").asInt()).isEqualTo(1);
    List<PrinterSimulator.Label> got = PRINTER.awaitLabels(1, WAIT);
    assertThat(got).hasSize(1);
    assertThat(got.get(0).zpl()).isEqualTo(zpl.strip());
    assertThat(printed.getBody().path("bytes").asInt())
        .isEqualTo(zpl.strip().getBytes(StandardCharsets.UTF_8).length + 1);
    assertThat(got.get(0).zpl()).contains("^FD_101" + gtin + "21" + serial + "^FS");
    // what the printer got draws to the same barcode as the preview
    assertThat(
            LabelDecoding.read(ZplPreview.draw(got.get(0).zpl()).image(), BarcodeFormat.DATA_MATRIX)
                .text())
        .isEqualTo(expected);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM audit_record WHERE action = 'label.print' AND entity_id = ?",
                Integer.class,
                serial))
        .isEqualTo(1);
  }

  @Test
  void aFamilyTemplatePrintsTheDigitalLinkAsAQrCode() {
    String serial = made("Q1+2");
    setProduct(gtin, "qr");
    LabelDecoding.Read qr =
        LabelDecoding.read(
            bytes("/api/labels/units/" + serial + ".png", "image/png"), BarcodeFormat.QR_CODE);
    assertThat(qr.text()).isEqualTo("https://id.gs1.org/01/" + gtin + "/21/" + p + "-Q1%2B2");

    setProduct(null, "qr");
    ResponseEntity<JsonNode> refused =
        http.getForEntity("/api/labels/units/" + serial + ".zpl", JsonNode.class);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(refused.getBody().path("detail").asText())
        .contains(serial, product, "no GTIN", "qr/unit.zpl", "${digitalLink}");
  }

  @Test
  void aUnitWithoutGtinGetsItsSerialAlone() {
    String serial = made("N1");
    LabelDecoding.Read read =
        LabelDecoding.read(
            bytes("/api/labels/units/" + serial + ".png", "image/png"), BarcodeFormat.DATA_MATRIX);
    assertThat(read.text()).isEqualTo(serial);
  }

  @Test
  void aShipmentsPackageLabelsReachThePrinterAsOneJobAndCarryTheirSscc() {
    String a = made("S1");
    setProduct(gtin, null);
    String b = made("S2");
    String c = made("S3");
    String ssccA = sscc("09506001000000001");
    String ssccB = sscc("09506001000000002");
    JsonNode shipment =
        created(
            post(
                "/api/shipments",
                Map.of(
                    "reference",
                    "SH-" + p,
                    "shipToCustomer",
                    customer,
                    "carrier",
                    "NZ Post",
                    "trackingRef",
                    "TRK-" + p,
                    "packages",
                    List.of(
                        Map.of(
                            "reference",
                            "box-1",
                            "kind",
                            "PACKAGE",
                            "sscc",
                            ssccA,
                            "serials",
                            List.of(a, b)),
                        Map.of(
                            "reference",
                            "box-2",
                            "kind",
                            "PACKAGE",
                            "sscc",
                            ssccB,
                            "serials",
                            List.of(c))))));
    long id = shipment.path("id").asLong();

    LabelDecoding.Read barcode =
        LabelDecoding.read(
            bytes("/api/labels/packages/" + ssccA + ".png", "image/png"), BarcodeFormat.CODE_128);
    assertThat(barcode.text()).isEqualTo("00" + ssccA);
    assertThat(barcode.symbology()).isEqualTo("]C1");
    String zpl = text("/api/labels/packages/" + ssccA + ".zpl");
    assertThat(zpl)
        .contains(">;>800" + ssccA)
        .contains("Kiwi _5EValves_7E Ltd", "1 Queen St", "1010 Auckland", "SH-" + p, "NZ Post")
        .contains("Package 1 of 2: box-1", "Contents: 2 units");

    PRINTER.clear();
    int connections = PRINTER.connections();
    ResponseEntity<JsonNode> printed =
        post("/api/labels/print", Map.of("printer", "dock", "shipment", String.valueOf(id)));
    assertThat(printed.getStatusCode()).as("%s", printed.getBody()).isEqualTo(HttpStatus.OK);
    assertThat(printed.getBody().path("labels").asInt()).isEqualTo(2);
    List<PrinterSimulator.Label> got = awaitLabels(2);
    assertThat(got).extracting(PrinterSimulator.Label::connection).containsOnly(connections + 1);
    assertThat(got.get(0).zpl()).contains(">;>800" + ssccA, "Package 1 of 2", "Contents: 2 units");
    assertThat(got.get(1).zpl()).contains(">;>800" + ssccB, "Package 2 of 2", "Contents: 1 units");
    assertThat(
            LabelDecoding.read(ZplPreview.draw(got.get(1).zpl()).image(), BarcodeFormat.CODE_128)
                .text())
        .isEqualTo("00" + ssccB);

    PRINTER.clear();
    assertThat(
            post("/api/labels/print", Map.of("printer", "dock", "sscc", ssccB))
                .getBody()
                .path("labels")
                .asInt())
        .isEqualTo(1);
    assertThat(awaitLabels(1).get(0).zpl()).contains(">;>800" + ssccB);
  }

  @Test
  void wrongRequestsAndADeadPrinterAreAnsweredWithWhatIsWrong() {
    String serial = made("E1");
    assertProblem(
        post("/api/labels/print", Map.of("printer", "nowhere", "unit", serial)),
        HttpStatus.NOT_FOUND,
        "printer 'nowhere' not found",
        "dock, gone");
    assertProblem(
        post("/api/labels/print", Map.of("printer", "dock", "unit", p + "-NOPE")),
        HttpStatus.NOT_FOUND,
        "unit '" + p + "-NOPE' not found");
    assertProblem(
        post("/api/labels/print", Map.of("printer", "dock")),
        HttpStatus.UNPROCESSABLE_ENTITY,
        "exactly one of 'unit'");
    assertProblem(
        post("/api/labels/print", Map.of("printer", "dock", "unit", serial, "sscc", "1")),
        HttpStatus.UNPROCESSABLE_ENTITY,
        "got unit and sscc");
    assertProblem(
        post("/api/labels/print", Map.of("printer", "dock", "sscc", "095060010000000019")),
        HttpStatus.UNPROCESSABLE_ENTITY,
        "check digit");
    assertProblem(
        post("/api/labels/print", Map.of("printer", "dock", "shipment", "987654")),
        HttpStatus.NOT_FOUND,
        "shipment '987654' not found");
    assertProblem(
        post("/api/labels/print", Map.of("printer", "gone", "unit", serial)),
        HttpStatus.SERVICE_UNAVAILABLE,
        "printer 'gone' at 127.0.0.1:" + DEAD_PORT + " does not answer");
    ResponseEntity<JsonNode> unknownPng =
        http.exchange(
            "/api/labels/units/" + p + "-NOPE.png",
            HttpMethod.GET,
            new HttpEntity<>(accepting("image/png")),
            JsonNode.class);
    assertThat(unknownPng.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

    PRINTER.paperOut(true);
    try {
      JsonNode status = http.getForObject("/api/labels/printers/dock/status", JsonNode.class);
      assertThat(status.path("paperOut").asBoolean()).isTrue();
      assertThat(status.path("ready").asBoolean()).isFalse();
    } finally {
      PRINTER.paperOut(false);
    }
    assertThat(
            http.getForObject("/api/labels/printers/dock/status", JsonNode.class)
                .path("ready")
                .asBoolean())
        .isTrue();
    assertProblem(
        http.getForEntity("/api/labels/printers/gone/status", JsonNode.class),
        HttpStatus.SERVICE_UNAVAILABLE,
        "127.0.0.1:" + DEAD_PORT);

    JsonNode printers = http.getForObject("/api/labels/printers", JsonNode.class);
    assertThat(printers.get(0).path("name").asText()).isEqualTo("dock");
    assertThat(printers.get(0).path("port").asInt()).isEqualTo(PRINTER.port());
    assertThat(printers.get(0).path("description").asText()).isEqualTo("dock door 1");
  }

  @Test
  void aViewerSeesThePreviewButCannotPrint() {
    String serial = made("V1");
    String user = "viewer-" + p;
    String password = TestServers.unique("pw-");
    var viewer = newUser(user, password, "viewer");
    assertThat(
            viewer
                .getForEntity("/api/labels/units/" + serial + ".png", byte[].class)
                .getStatusCode())
        .isEqualTo(HttpStatus.OK);
    assertThat(
            viewer
                .postForEntity(
                    "/api/labels/print", Map.of("printer", "dock", "unit", serial), JsonNode.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
  }

  // --- a little plant ---

  private String made(String suffix) {
    String serial = p + "-" + suffix;
    List<Event> history = new ArrayList<>();
    history.add(events.serialized(serial, product, "RUN-" + p));
    history.add(events.status(serial, EventPayload.UnitStatus.COMPLETED));
    postStored(history);
    return serial;
  }

  /** Test setup only: the product API for GTIN and family comes with another change. */
  private void setProduct(String gtin, String family) {
    assertThat(
            jdbc.update(
                "UPDATE product SET gtin = ?, family = ? WHERE part_number = ?",
                gtin,
                family,
                product))
        .isEqualTo(1);
  }

  private List<PrinterSimulator.Label> awaitLabels(int n) {
    try {
      return PRINTER.awaitLabels(n, WAIT);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private String text(String path) {
    ResponseEntity<String> r = http.getForEntity(path, String.class);
    assertThat(r.getStatusCode()).as("%s", r.getBody()).isEqualTo(HttpStatus.OK);
    return r.getBody();
  }

  private byte[] bytes(String path, String type) {
    ResponseEntity<byte[]> r = http.getForEntity(path, byte[].class);
    assertThat(r.getStatusCode()).as("%s", r).isEqualTo(HttpStatus.OK);
    assertThat(r.getHeaders().getContentType()).isEqualTo(MediaType.parseMediaType(type));
    return r.getBody();
  }

  private byte[] bytesAccepting(String path, String accept) {
    ResponseEntity<byte[]> r =
        http.exchange(path, HttpMethod.GET, new HttpEntity<>(accepting(accept)), byte[].class);
    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
    return r.getBody();
  }

  private static HttpHeaders accepting(String type) {
    HttpHeaders headers = new HttpHeaders();
    headers.setAccept(List.of(MediaType.parseMediaType(type)));
    return headers;
  }

  private static BufferedImage pdfPage(byte[] pdf) {
    try (PDDocument document = Loader.loadPDF(pdf)) {
      assertThat(document.getNumberOfPages()).isEqualTo(1);
      return new PDFRenderer(document).renderImageWithDPI(0, 203);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void assertProblem(
      ResponseEntity<JsonNode> response, HttpStatus status, String... inDetail) {
    assertThat(response.getStatusCode()).as("%s", response.getBody()).isEqualTo(status);
    assertThat(response.getBody().path("detail").asText()).contains(inDetail);
  }

  private static String gtin() {
    return checked(String.format("0950611%06d", GTINS.incrementAndGet()));
  }

  private static String checked(String thirteen) {
    int sum = 0;
    for (int i = 0; i < thirteen.length(); i++) {
      sum += (thirteen.charAt(thirteen.length() - 1 - i) - '0') * (i % 2 == 0 ? 3 : 1);
    }
    return thirteen + (10 - sum % 10) % 10;
  }

  private static String sscc(String seventeen) {
    return checked(seventeen);
  }

  /** A plant's templates: the family "qr" prints the Digital Link as a QR code. */
  private static Path familyTemplates() {
    try {
      Path dir = Files.createTempDirectory(Path.of("target"), "label-templates-");
      Files.createDirectories(dir.resolve("qr"));
      Files.writeString(
          dir.resolve("qr/unit.zpl"),
          """
          ^XA
          ^FX Digital Link QR for the "qr" family
          ^CI28
          ^PW480
          ^LL320
          ^FO20,20^BQN,2,4^FH^FDQA,${digitalLink}^FS
          ^FO260,40^A0N,26,22^FH^FD${serial}^FS
          ^XZ
          """);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
