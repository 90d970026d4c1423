package org.unitrace.core.handheld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unitrace.core.support.Rest.ok;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.unitrace.contract.EventCodec;
import org.unitrace.core.support.Chromium;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.TestEvents;
import org.unitrace.core.support.TestServers;

/**
 * Each handheld flow walked end to end in Chromium as a 360x740 phone, on the real PostgreSQL:
 * codes typed into the page as a keyboard-wedge scanner types them (with GS as Ctrl+]), one label
 * read by the camera (Chromium's fake camera filming a GS1 DataMatrix, decoded by the ZXing shipped
 * in the jar), a stolen unit scanned at the dock raising the alert on the screen and in
 * /api/alerts, and a scan made while the web server is stopped sent when it is back and stored
 * once. The web server listens on a fixed port so that it can be stopped and started again.
 */
class HandheldBrowserIT extends CoreITSupport {

  private static final String GTIN = "09501101020917";
  private static final String CAMERA_SERIAL = TestServers.unique("CAM");
  private static final int PORT = TestServers.freePort();

  @AutoClose("quit")
  private static ChromeDriver browser;

  /** The dock's label printer: ZPL over TCP, kept. */
  @AutoClose
  private static final org.unitrace.sim.printer.PrinterSimulator DOCK_PRINTER =
      org.unitrace.sim.printer.PrinterSimulator.start(0, null);

  @LocalServerPort int port;
  @Autowired WebServerApplicationContext context;

  private final EventCodec codec = new EventCodec();
  private WebDriverWait await;

  @DynamicPropertySource
  static void fixedPort(DynamicPropertyRegistry registry) {
    registry.add("server.port", () -> PORT);
    registry.add("unitrace.labels.printers.dock1.host", () -> "127.0.0.1");
    registry.add("unitrace.labels.printers.dock1.port", DOCK_PRINTER::port);
    registry.add("unitrace.labels.printers.dock1.description", () -> "Dock door 1");
  }

  @BeforeAll
  static void startBrowser() throws IOException {
    Path video =
        Handheld.labelVideo(
            "01" + GTIN + "21" + CAMERA_SERIAL, Path.of("target/handheld/camera-label.y4m"));
    browser = Chromium.phone(video);
  }

  @BeforeEach
  void logIn() {
    await = new WebDriverWait(browser, Duration.ofSeconds(30));
    await.ignoring(org.openqa.selenium.StaleElementReferenceException.class); // pages re-render
    browser.get(url("/ui/scan/index.html"));
    if (browser.getCurrentUrl().contains("/login")) {
      browser.findElement(By.id("username")).sendKeys(OPERATOR);
      browser.findElement(By.id("password")).sendKeys(OPERATOR_PASSWORD);
      browser.findElement(By.id("login")).click();
      await.until(ExpectedConditions.urlContains("/ui/scan/index.html"));
    }
    browser.executeScript("localStorage.clear()");
  }

  @Test
  void receivingByWedgeAndByCameraPutsUnitsAtTheScannedLocation() throws IOException {
    location("HH-RCV", "WAREHOUSE");
    String typed = TestServers.unique("RCV");
    units(typed, CAMERA_SERIAL);

    open("receive");
    scan("HH-RCV");
    awaitEntry("info", "Location HH-RCV");
    scan(typed);
    awaitEntry("ok", "Received " + typed + " into HH-RCV");
    assertThat(placeOf(typed)).isEqualTo("HH-RCV");

    browser.findElement(By.id("camera-open")).click();
    awaitEntry("ok", "Received " + CAMERA_SERIAL + " into HH-RCV");
    assertThat(browser.findElement(By.id("camera-view")).getAttribute("data-decoder"))
        .as("Chromium on Linux has no BarcodeDetector: the shipped ZXing read the label")
        .isEqualTo("zxing");
    Chromium.shoot(browser, "handheld-receive-camera");
    browser.findElement(By.id("camera-close")).click();
    assertThat(placeOf(CAMERA_SERIAL)).isEqualTo("HH-RCV");
    assertThat(transfersOf(CAMERA_SERIAL)).as("a label kept in view is read once").isEqualTo(1);
    assertThat(
            jdbc.queryForObject(
                "SELECT string_agg(code, ' ') FROM handheld_scan"
                    + " WHERE serial = ? AND page = 'receive'",
                String.class,
                CAMERA_SERIAL))
        .as("the code as the camera read it, GS1 element string and all")
        .contains("21" + CAMERA_SERIAL);
    assertThat(Handheld.scriptErrors(browser)).isEmpty();
  }

  @Test
  void aSuppliersLotLabelAtTheDockIsTheLotsGoodsReceipt() {
    location("HH-DOCK", "WAREHOUSE");
    String cells = TestServers.unique("CELL");
    String housings = TestServers.unique("HSG");
    // parts with their GTINs (master data, set up here); the cell lot was announced by the ERP
    jdbc.update(
        "INSERT INTO product (part_number, name, gtin) VALUES (?, 'Cell', ?), (?, 'Housing', ?)"
            + " ON CONFLICT (part_number) DO NOTHING",
        cells,
        "09501101020931",
        housings,
        "09501101020948");
    jdbc.update(
        "INSERT INTO supplier_lot (part_number, lot, supplier) VALUES (?, 'C-17', 'CellCo')",
        cells);

    open("receive");
    scan("HH-DOCK");
    awaitEntry("info", "Location HH-DOCK");
    // GS1-128 as a wedge scanner types it: symbology identifier, GS as Ctrl+] before (37)
    WebElement input = browser.findElement(By.id("scan"));
    input.sendKeys("]C10109501101020931" + "10C-17");
    input.sendKeys(Keys.chord(Keys.CONTROL, "]"));
    input.sendKeys("37100" + Keys.ENTER);
    WebElement cellEntry = awaitEntry("ok", "Received lot C-17 of " + cells + " into HH-DOCK");
    assertThat(cellEntry.getText()).contains("100 from CellCo (announced)");
    assertThat(
            jdbc.queryForMap(
                "SELECT received, quantity, supplier, note FROM supplier_lot"
                    + " WHERE part_number = ? AND lot = 'C-17'",
                cells))
        .containsEntry("received", true)
        .containsEntry("supplier", "CellCo")
        .containsEntry("note", "received by scan at HH-DOCK")
        .extractingByKey("quantity")
        .satisfies(q -> assertThat(((java.math.BigDecimal) q).intValue()).isEqualTo(100));

    // a part never received before, its lot not announced: the clerk names the supplier once
    scan("(01)09501101020948(10)H-2026-51");
    await.until(ExpectedConditions.alertIsPresent());
    org.openqa.selenium.Alert ask = browser.switchTo().alert();
    assertThat(ask.getText()).contains("name its supplier");
    ask.sendKeys("Housings GmbH");
    ask.accept();
    awaitEntry("ok", "Received lot H-2026-51 of " + housings + " into HH-DOCK");
    assertThat(
            jdbc.queryForObject(
                "SELECT supplier FROM supplier_lot WHERE part_number = ? AND lot = 'H-2026-51'",
                String.class,
                housings))
        .isEqualTo("Housings GmbH");
    assertThat(browser.findElements(By.cssSelector("#refused li")))
        .as("the question answered is no refusal left on the page")
        .isEmpty();
    // the next lot of that part: its supplier is known, nothing is asked
    scan("(01)09501101020948(10)H-2026-52");
    awaitEntry("ok", "Received lot H-2026-52 of " + housings + " into HH-DOCK");

    // elsewhere a lot label is no unit: said so, nothing moved
    open("transfer");
    scan("(01)09501101020948(10)H-2026-52");
    awaitEntry("fail", "lots are received on the Receive page");
    assertThat(Handheld.scriptErrors(browser)).isEmpty();
  }

  @Test
  void aPalletArrivingByShipmentIsReceivedBySsccThenTransferredWholeAndAUnitByItsDataMatrix()
      throws IOException {
    location("HH-A", "WAREHOUSE");
    location("HH-B", "WAREHOUSE");
    location("HH-C", "WAREHOUSE");
    String p = TestServers.unique("PAL");
    String u1 = p + "-1";
    String u2 = p + "-2";
    String u3 = p + "-3";
    units(u1, u2, u3);
    ok(post("/api/transfers", Map.of("to", "HH-A", "serials", List.of(u1, u2, u3))));
    String sscc = sscc("0950110" + (System.nanoTime() % 10_000_000_000L + 10_000_000_000L));
    ok(
        post(
            "/api/shipments",
            Map.of(
                "shipToLocation",
                "HH-B",
                "packages",
                List.of(Map.of("kind", "PALLET", "sscc", sscc, "serials", List.of(u1, u2, u3))))));

    open("receive");
    scan("HH-B");
    scan("]C100" + sscc); // GS1-128 with its symbology identifier
    awaitEntry("ok", "Received 3 units into HH-B");
    assertThat(List.of(placeOf(u1), placeOf(u2), placeOf(u3))).containsOnly("HH-B");

    open("transfer");
    scan("HH-B");
    scan("HH-C");
    WebElement input = browser.findElement(By.id("scan"));
    // a GS1 DataMatrix as a wedge scanner types it: symbology id, GS sent as Ctrl+]
    input.sendKeys("]d201" + GTIN + "21" + u1);
    input.sendKeys(Keys.chord(Keys.CONTROL, "]"));
    input.sendKeys("10LOT7" + Keys.ENTER);
    awaitEntry("ok", "Moved " + u1 + " to HH-C");
    assertThat(placeOf(u1)).isEqualTo("HH-C");
    scan("(00)" + sscc); // the rest of the pallet; u1 is there already
    awaitEntry("ok", "Moved 2 units to HH-C");
    assertThat(List.of(placeOf(u1), placeOf(u2), placeOf(u3))).containsOnly("HH-C");
    scan(u1 + "-NOT-A-UNIT");
    awaitEntry("fail", "Not moved: " + u1 + "-NOT-A-UNIT");
    browser.findElement(By.id("new-transfer")).click();
    scan("HH-C");
    scan("HH-B");
    scan("https://id.example.com/00/" + sscc); // the pallet's SSCC as a GS1 Digital Link
    awaitEntry("ok", "Moved 3 units to HH-B");
    assertThat(List.of(placeOf(u1), placeOf(u2), placeOf(u3))).containsOnly("HH-B");
    assertThat(transfersOf(u2))
        .isEqualTo(3); // to HH-A, to HH-C, back to HH-B (received: no transfer)
    Chromium.shoot(browser, "handheld-transfer");
    assertThat(Handheld.scriptErrors(browser)).isEmpty();
  }

  @Test
  void pickPackShipAndAStolenUnitScannedAtTheDockRaisesTheAlert() throws Exception {
    location("HH-DOCK", "WAREHOUSE");
    customer("C-HH1");
    String p = TestServers.unique("SHP");
    String a = p + "-A";
    String b = p + "-B";
    String stolen = p + "-S";
    units(a, b, stolen);
    ok(post("/api/transfers", Map.of("to", "HH-DOCK", "serials", List.of(a, b, stolen))));
    ok(
        post(
            "/api/units/" + stolen + "/stolen",
            Map.of("kind", "STOLEN", "reportedBy", "Acme Ltd", "policeReference", "P-77")));
    String sscc = sscc("0950110" + (System.nanoTime() % 10_000_000_000L + 10_000_000_000L));

    open("ship");
    browser.findElement(By.id("ship-reference")).sendKeys("DN-" + p);
    await.until(d -> new Select(d.findElement(By.id("ship-customer"))).getOptions().size() > 1);
    new Select(browser.findElement(By.id("ship-customer"))).selectByValue("C-HH1");
    browser.findElement(By.id("open-shipment")).click();
    browser.findElement(By.id("new-pallet")).click();
    scan("]C100" + sscc);
    awaitEntry("ok", "Packing into PAL-1 (SSCC " + sscc + ")");
    scan(a);
    awaitEntry("ok", a + " → PAL-1");
    scan(stolen);
    WebElement alert = await.until(ExpectedConditions.visibilityOfElementLocated(By.id("alert")));
    assertThat(alert.getText()).contains("STOLEN", stolen, "Acme Ltd", "P-77");
    assertThat(browser.findElement(By.tagName("body")).getAttribute("data-feedback"))
        .isEqualTo("alarm");
    Chromium.shoot(browser, "handheld-ship-stolen-alert");
    JsonNode alerts = http.getForObject("/api/alerts?serial=" + stolen, JsonNode.class);
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).path("seenWhere").asText()).isEqualTo("handheld ship page");
    assertThat(alerts.get(0).path("seenWhat").asText()).contains(stolen, OPERATOR);
    browser.findElement(By.id("alert-close")).click();
    awaitEntry("fail", stolen + " is reported STOLEN: not packed");
    scan(b);
    awaitEntry("ok", b + " → PAL-1");

    browser.findElement(By.id("close-shipment")).click();
    awaitEntry("ok", "shipped: 2 units");
    String summary = browser.findElement(By.id("shipped-summary")).getText();
    long id = Long.parseLong(summary.replaceAll("(?s).*Shipment #(\\d+).*", "$1"));
    JsonNode shipment = http.getForObject("/api/shipments/" + id, JsonNode.class);
    assertThat(shipment.path("shipToCustomer").asText()).isEqualTo("C-HH1");
    List<String> packed = new ArrayList<>();
    shipment
        .path("units")
        .forEach(
            u -> {
              assertThat(u.path("sscc").asText()).isEqualTo(sscc);
              packed.add(u.path("serial").asText());
            });
    assertThat(packed).containsExactlyInAnyOrder(a, b);
    // the previews the clerk sees before printing: the pallet's shipping label and the units'
    await.until(
        d ->
            (Boolean)
                ((org.openqa.selenium.JavascriptExecutor) d)
                    .executeScript(
                        "const i = document.querySelectorAll('#labels img');"
                            + " return i.length === 3"
                            + " && [...i].every(x => x.complete && x.naturalWidth > 0);"));
    await.until(d -> d.findElement(By.id("print")).isEnabled());
    assertThat(browser.findElement(By.id("printer")).getText()).contains("dock1 – Dock door 1");
    Chromium.shoot(browser, "handheld-ship-closed");
    browser.findElement(By.id("print")).click();
    awaitEntry("ok", "Labels of shipment #" + id + " sent to dock1");
    List<org.unitrace.sim.printer.PrinterSimulator.Label> printed =
        DOCK_PRINTER.awaitLabels(1, Duration.ofSeconds(30));
    assertThat(printed).hasSize(1);
    assertThat(printed.get(0).zpl()).contains(sscc);
  }

  @Test
  void sellingAgainstAnOrderThenTheReturnsDeskSeesTheBuyerAndWarrantyAndWorksTheRma()
      throws IOException {
    location("HH-SVC", "WAREHOUSE");
    customer("C-HH2");
    ok(put("/api/products/HH-PUMP/warranty", Map.of("months", 24, "startsAt", "SALE")));
    String serial = TestServers.unique("SOLD");
    units(serial);

    open("sell");
    browser.findElement(By.id("order")).sendKeys("SO-" + serial);
    await.until(d -> new Select(d.findElement(By.id("customer"))).getOptions().size() > 1);
    new Select(browser.findElement(By.id("customer"))).selectByValue("C-HH2");
    scan(serial);
    WebElement sold = awaitEntry("ok", serial + " sold on SO-" + serial + " to C-HH2");
    LocalDate until = LocalDate.now(ZoneOffset.UTC).plusMonths(24);
    await.until(d -> sold.getText().contains("warranty: in warranty until " + until));

    open("returns");
    await.until(d -> new Select(d.findElement(By.id("desk"))).getOptions().size() > 1);
    new Select(browser.findElement(By.id("desk"))).selectByValue("HH-SVC");
    scan(serial);
    await.until(ExpectedConditions.visibilityOfElementLocated(By.id("unit-summary")));
    await.until(d -> d.findElement(By.id("bought-by")).getText().contains("C-HH2"));
    assertThat(browser.findElement(By.id("warranty")).getText()).contains("in warranty");
    assertThat(browser.findElement(By.id("rma")).getText()).isEqualTo("none");
    Chromium.shoot(browser, "handheld-returns-lookup");

    browser.findElement(By.id("complaint")).sendKeys("leaks at the seal");
    browser.findElement(By.id("authorise")).click();
    await.until(d -> d.findElement(By.id("rma")).getText().contains("authorised"));
    browser.findElement(By.id("receive")).click();
    await.until(d -> d.findElement(By.id("rma")).getText().contains("received"));
    assertThat(placeOf(serial)).isEqualTo("HH-SVC");
    await.until(d -> d.findElement(By.id("where")).getText().equals("at HH-SVC"));
    browser.findElement(By.id("findings")).sendKeys("seal cut");
    new Select(browser.findElement(By.id("disposition"))).selectByValue("REFUND");
    browser.findElement(By.id("inspect")).click();
    await.until(d -> d.findElement(By.id("rma")).getText().equals("1 closed"));
    JsonNode rma = http.getForObject("/api/returns?serial=" + serial, JsonNode.class).get(0);
    assertThat(rma.path("status").asText()).isEqualTo("CLOSED");
    assertThat(rma.path("disposition").asText()).isEqualTo("REFUND");
    assertThat(rma.path("complaint").asText()).isEqualTo("leaks at the seal");
    Chromium.shoot(browser, "handheld-returns-closed");
    assertThat(Handheld.scriptErrors(browser)).isEmpty();
  }

  @Test
  void aScanMadeWhileTheServerIsDownIsSentWhenItIsBackAndStoredOnce() throws IOException {
    location("HH-OFF", "WAREHOUSE");
    String serial = TestServers.unique("OFF");
    units(serial);
    open("receive");
    scan("HH-OFF");
    awaitEntry("info", "Location HH-OFF");

    context.getWebServer().stop();
    try {
      scan(serial);
      awaitEntry("queued", "Queued: " + serial + " into HH-OFF");
      WebElement queue = browser.findElement(By.id("queue"));
      assertThat(queue.getText()).contains("1 waiting to be sent", "receive " + serial);
      Chromium.shoot(browser, "handheld-offline-queued");
      assertThat((String) browser.executeScript("return localStorage['unitrace.handheld.outbox']"))
          .as("the queue is kept on the device, not only in the page")
          .contains(serial);
    } catch (RuntimeException e) {
      context.getWebServer().start();
      throw e;
    }
    context.getWebServer().start();

    await.until(d -> d.findElement(By.id("queue")).getAttribute("hidden") != null);
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(placeOf(serial)).isEqualTo("HH-OFF"));
    String key =
        jdbc.queryForObject(
            "SELECT key::text FROM idempotent_request WHERE path = '/api/handheld/moves'"
                + " AND convert_from(body, 'UTF8') LIKE ?",
            String.class,
            "%" + serial + "%");
    assertThat(transfersOf(serial)).isEqualTo(1);

    // the same key sent again (a device that never saw the first answer): the first answer, once
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set("Idempotency-Key", key);
    ResponseEntity<JsonNode> again =
        http.postForEntity(
            "/api/handheld/moves",
            new HttpEntity<>(
                Map.of(
                    "mode",
                    "RECEIVE",
                    "to",
                    "HH-OFF",
                    "scan",
                    Map.of("code", serial, "page", "receive")),
                headers),
            JsonNode.class);
    assertThat(again.getStatusCode().value()).isEqualTo(201);
    assertThat(again.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
    assertThat(again.getBody().path("moved").get(0).path("serial").asText()).isEqualTo(serial);
    assertThat(transfersOf(serial)).isEqualTo(1);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM handheld_scan WHERE serial = ?", Integer.class, serial))
        .isEqualTo(1);
    assertThat(Handheld.scriptErrors(browser)).isEmpty();
  }

  @Test
  void aKeyIsAnsweredTheSameRefusalAgainAndIsNotTakenForAnotherRequestOrUser() {
    String key = UUID.randomUUID().toString();
    Map<String, Object> nowhere =
        Map.of("mode", "RECEIVE", "to", "HH-NOWHERE", "scan", Map.of("code", "X", "page", "t"));
    ResponseEntity<JsonNode> first = post("/api/handheld/moves", nowhere, key);
    assertThat(first.getStatusCode().value()).isEqualTo(404);
    assertThat(first.getBody().path("detail").asText()).contains("HH-NOWHERE");
    location("HH-NOWHERE", "WAREHOUSE"); // now it would work, but the key was answered already
    ResponseEntity<JsonNode> again = post("/api/handheld/moves", nowhere, key);
    assertThat(again.getStatusCode().value()).isEqualTo(404);
    assertThat(again.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
    assertThat(again.getBody()).isEqualTo(first.getBody());

    ResponseEntity<JsonNode> elsewhere = post("/api/scans", Map.of("code", "X", "page", "t"), key);
    assertThat(elsewhere.getStatusCode().value()).isEqualTo(422);
    assertThat(elsewhere.getBody().path("detail").asText())
        .contains("was used already for another request");
    ResponseEntity<JsonNode> notAUuid = post("/api/scans", Map.of("code", "X", "page", "t"), "7");
    assertThat(notAUuid.getStatusCode().value()).isEqualTo(400);
    assertThat(notAUuid.getBody().path("detail").asText()).contains("Idempotency-Key", "'7'");
  }

  @Test
  void theServiceCounterScansAndWorksReturnsButMovesNoStock() {
    String user = TestServers.unique("counter");
    String password = TestServers.unique("counter-pw-");
    var counter = newUser(user, password, "service");
    String serial = TestServers.unique("SVC");
    units(serial);
    customer("C-HH3");
    assertThat(
            counter
                .postForEntity(
                    "/api/scans", Map.of("code", serial, "page", "returns"), JsonNode.class)
                .getStatusCode()
                .value())
        .isEqualTo(201);
    assertThat(
            counter
                .postForEntity(
                    "/api/returns",
                    Map.of("serial", serial, "customer", "C-HH3", "complaint", "rattles"),
                    JsonNode.class)
                .getStatusCode()
                .value())
        .as("admitted, and refused for what it says: the unit was not sold")
        .isEqualTo(409);
    assertThat(
            counter
                .postForEntity(
                    "/api/handheld/moves",
                    Map.of("mode", "RECEIVE", "to", "HH-RCV", "scan", Map.of("code", serial)),
                    JsonNode.class)
                .getStatusCode()
                .value())
        .isEqualTo(403);
    assertThat(
            counter
                .postForEntity("/api/transfers", Map.of("to", "HH-RCV"), JsonNode.class)
                .getStatusCode()
                .value())
        .isEqualTo(403);
  }

  private ResponseEntity<JsonNode> post(String path, Object body, String key) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.set("Idempotency-Key", key);
    return http.postForEntity(path, new HttpEntity<>(body, headers), JsonNode.class);
  }

  // --- helpers

  private void open(String page) {
    browser.get(url("/ui/scan/" + page + ".html"));
    await.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("header.hh-top nav")));
  }

  private void scan(String code) {
    WebElement input = browser.findElement(By.id("scan"));
    input.sendKeys(code + Keys.ENTER);
  }

  private WebElement awaitEntry(String kind, String text) {
    try {
      return await.until(
          d ->
              d.findElements(By.cssSelector("#log li.hh-entry." + kind)).stream()
                  .filter(e -> e.getText().contains(text))
                  .findFirst()
                  .orElse(null));
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError(
          "no %s entry with '%s'; the page's log:%n%s%nstorage: %s%nrequests: %s%nconsole: %s"
              .formatted(
                  kind,
                  text,
                  browser.findElement(By.id("log")).getText(),
                  browser.executeScript("return JSON.stringify(localStorage)"),
                  jdbc.queryForList("SELECT key, path, status FROM idempotent_request"),
                  browser
                      .manage()
                      .logs()
                      .get(org.openqa.selenium.logging.LogType.BROWSER)
                      .getAll()),
          e);
    }
  }

  private String placeOf(String serial) {
    JsonNode place =
        http.getForObject("/api/units/" + serial + "/location", JsonNode.class).path("place");
    return place.path("location").asText(null);
  }

  private int transfersOf(String serial) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM transfer_unit WHERE serial = ?", Integer.class, serial);
  }

  private void units(String... serials) {
    TestEvents events = new TestEvents(SITE, "HH", "edge-hh-" + UUID.randomUUID());
    List<String> batch = new ArrayList<>();
    batch.add(codec.encodeToString(events.runStarted("RUN-HH", "HH-PUMP", "A")));
    for (String s : serials) {
      batch.add(codec.encodeToString(events.serialized(s, "HH-PUMP", "RUN-HH")));
    }
    HttpHeaders json = new HttpHeaders();
    json.setContentType(MediaType.APPLICATION_JSON);
    http.postForEntity(
            "/api/events",
            new HttpEntity<>("[" + String.join(",", batch) + "]", json),
            JsonNode.class)
        .getBody()
        .forEach(r -> assertThat(r.path("status").asText()).isEqualTo("stored"));
  }

  private void location(String code, String kind) {
    if (http.getForEntity("/api/locations/" + code + "/units", JsonNode.class)
        .getStatusCode()
        .is2xxSuccessful()) {
      return;
    }
    if (!http.getForEntity("/api/locations/HH-SITE/units", JsonNode.class)
        .getStatusCode()
        .is2xxSuccessful()) {
      ok(post("/api/locations", Map.of("code", "HH-SITE", "name", "Handheld", "kind", "SITE")));
    }
    ok(post("/api/locations", Map.of("code", code, "kind", kind, "parent", "HH-SITE")));
  }

  private void customer(String reference) {
    if (!http.getForEntity("/api/customers/" + reference, JsonNode.class)
        .getStatusCode()
        .is2xxSuccessful()) {
      ok(post("/api/customers", Map.of("reference", reference, "name", reference + " Ltd")));
    }
  }

  /** Seventeen digits and their GS1 check digit. */
  private static String sscc(String seventeen) {
    String body = (seventeen + "00000000000000000").substring(0, 17);
    int sum = 0;
    for (int i = body.length() - 1, w = 3; i >= 0; i--, w = 4 - w) {
      sum += (body.charAt(i) - '0') * w;
    }
    return body + (10 - sum % 10) % 10;
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }
}
