package org.unitrace.core.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.unitrace.contract.Event;
import org.unitrace.core.support.Chromium;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.MqttTestPublisher;
import org.unitrace.core.support.TestServers;

/**
 * The pages as a person uses them, in the system's headless Chromium against a whole mes-core: log
 * in, watch production update live while an agent publishes, look a serial up and open its
 * genealogy, trace a lot, find what returned units share, create a recall. Screenshots of each page
 * go to {@code target/screenshots/} for a reviewer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestPropertySource(
    properties = {
      "unitrace.dashboard.serial-templates[0]=" + BrowserPlant.TEMPLATE,
      "unitrace.dashboard.cycle-time-targets[AKL/L1/TEST]=4s",
      "unitrace.dashboard.live-interval=PT0.5S"
    })
class DashboardBrowserIT extends CoreITSupport {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @AutoClose("quit")
  private static final ChromeDriver browser = Chromium.start();

  private static BrowserPlant plant;

  @LocalServerPort int port;

  private WebDriverWait await;

  @BeforeEach
  void aPlant() {
    await = new WebDriverWait(browser, PATIENCE);
    if (plant == null) {
      plant = new BrowserPlant(http);
      plant.build();
    }
  }

  /** No page may throw: a script error is a broken page even if the asserted text showed up. */
  @AfterEach
  void noScriptErrors() {
    assertThat(Chromium.scriptErrors(browser)).as("errors in the browser console").isEmpty();
  }

  @Test
  @Order(1)
  void aPersonLogsInAndSeesEachLineWithItsStations() {
    browser.get(url("/ui/production.html"));
    await.until(ExpectedConditions.urlContains("/login"));
    browser.findElement(By.id("username")).sendKeys(OPERATOR);
    browser.findElement(By.id("password")).sendKeys(OPERATOR_PASSWORD);
    browser.findElement(By.id("login")).click();
    await.until(ExpectedConditions.urlContains("/ui/production.html"));

    WebElement units = await.until(d -> d.findElement(By.id("units-AKL-L1")));
    assertThat(units.getText()).isEqualTo("3");
    assertThat(text("#units-AKL-L2")).isEqualTo("3");
    assertThat(text("#marks-AKL-L1")).isEqualTo("1");
    assertThat(text("#station-AKL-L1-MARK .badge")).isEqualTo("FAULT");
    assertThat(text("#station-AKL-L1-TEST .badge")).isEqualTo("RUNNING");
    assertThat(text("#station-AKL-L1-TEST")).contains("66.7 %"); // 2 of 3 passed first time
    await.until(d -> !d.findElements(By.cssSelector("#chart-AKL-L1 canvas")).isEmpty());
    assertThat(text("#nok"))
        .contains(plant.pumps.get(2))
        .contains("LEAK")
        .contains("pressureBar=1.7");
    shoot("production");
  }

  @Test
  @Order(2)
  void theUnitCounterGoesUpWhileTheLinePublishes() throws Exception {
    browser.get(url("/ui/production.html"));
    await.until(d -> d.findElement(By.cssSelector("#live.on")));
    String before = await.until(d -> d.findElement(By.id("units-AKL-L1"))).getText();
    try (MqttTestPublisher agent = new MqttTestPublisher(TestServers.mqttUrl())) {
      for (Event e : plant.morePumps(2)) {
        agent.publish(e);
      }
    }
    await.until(
        ExpectedConditions.textToBe(
            By.id("units-AKL-L1"), String.valueOf(Integer.parseInt(before) + 2)));
    assertThat(Integer.parseInt(text("#live-events"))).isGreaterThanOrEqualTo(2);
    shoot("production-live");

    // a tablet at the line, upright
    browser.manage().window().setSize(new org.openqa.selenium.Dimension(820, 1180));
    try {
      browser.navigate().refresh();
      await.until(d -> d.findElement(By.id("units-AKL-L1")));
      await.until(d -> !d.findElements(By.cssSelector("#chart-AKL-L1 canvas")).isEmpty());
      Long overflow =
          (Long)
              browser.executeScript(
                  "return document.documentElement.scrollWidth - window.innerWidth;");
      assertThat(overflow).as("the page fits the tablet's width").isLessThanOrEqualTo(0L);
      shoot("production-tablet");
    } finally {
      browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
    }
  }

  @Test
  @Order(3)
  void aScannedSerialShowsItsIdentityWhereaboutsAndGenealogy() {
    String sold = plant.pumps.get(2);
    browser.get(url("/ui/unit.html"));
    WebElement input = await.until(d -> d.findElement(By.id("serial")));
    input.sendKeys(sold, Keys.ENTER); // as a scanner types it

    await.until(ExpectedConditions.textToBe(By.id("unit-serial"), sold));
    assertThat(text("#segments")).contains("site").contains("AKL").contains("line").contains("L1");
    assertThat(text("#identity")).contains("PUMP-100").contains("RUN-P1");
    assertThat(text("#whereabouts")).contains("C-KIWI").contains("AKL-WH");
    assertThat(text("#warranty-status")).isEqualTo("IN_WARRANTY");

    String motor = plant.motors.get(2);
    WebElement sub =
        browser.findElement(By.cssSelector("details.sub[data-serial='" + motor + "']"));
    WebElement lot = sub.findElement(By.cssSelector("b.lot"));
    assertThat(lot.isDisplayed()).as("a sub-assembly starts folded").isFalse();
    sub.findElement(By.tagName("summary")).click();
    await.until(ExpectedConditions.visibilityOf(lot));
    assertThat(lot.getText()).isEqualTo(BrowserPlant.GOOD_LOT);
    assertThat(text("#timeline")).contains("UnitSerialized").contains("StationResult");
    shoot("unit");
  }

  @Test
  @Order(4)
  void threeReturnedUnitsLeadToTheirLot() {
    browser.get(url("/ui/quality.html#factors"));
    WebElement serials =
        await.until(ExpectedConditions.visibilityOfElementLocated(By.id("factor-serials")));
    serials.sendKeys(plant.pumps.get(0) + "\n" + plant.pumps.get(1));
    browser.findElement(By.id("factors-run")).click();
    WebElement factors =
        await.until(ExpectedConditions.visibilityOfElementLocated(By.id("factors")));
    assertThat(factors.getText()).contains(BrowserPlant.BAD_LOT);
    shoot("quality-factors");
  }

  @Test
  @Order(5)
  void aTraceFromTheLotFindsThePumpsAndBecomesARecall() {
    browser.get(url("/ui/quality.html"));
    new Select(await.until(d -> d.findElement(By.id("trace-kind")))).selectByValue("lot");
    browser.findElement(By.id("trace-part")).sendKeys(BrowserPlant.BEARING);
    browser.findElement(By.id("trace-lot")).sendKeys(BrowserPlant.BAD_LOT);
    browser.findElement(By.id("trace-run-button")).click();

    await.until(ExpectedConditions.textToBe(By.id("trace-count"), "4")); // 2 motors, 2 pumps
    assertThat(text("#trace-top-count")).isEqualTo("2");
    assertThat(text("#trace-units")).contains(plant.pumps.get(0)).contains(plant.pumps.get(1));
    assertThat(browser.findElement(By.id("trace-csv")).getAttribute("href"))
        .contains("/api/dashboard/where-used.csv?partNumber=" + BrowserPlant.BEARING);
    shoot("quality-trace");

    browser.findElement(By.id("trace-to-recall")).click();
    WebElement reason =
        await.until(ExpectedConditions.visibilityOfElementLocated(By.id("recall-reason")));
    reason.sendKeys("bearing seizes after 200 h (3 field returns)");
    browser.findElement(By.id("recall-create")).click();

    await.until(ExpectedConditions.textToBe(By.id("recall-units"), "2")); // the pumps
    assertThat(text("#recall-components")).isEqualTo("2"); // the motors inside them
    assertThat(text("#recall-held")).isEqualTo("2");
    assertThat(text("#recall-units-table")).contains("STOCK").contains("HELD");

    // Progress on one pump, as the service desk records the customer was told.
    browser
        .findElement(
            By.cssSelector("#recall-units-table input[value='" + plant.pumps.get(0) + "']"))
        .click();
    new Select(browser.findElement(By.id("progress-step"))).selectByValue("NOTIFIED");
    browser.findElement(By.id("progress-reason")).sendKeys("customer called");
    browser.findElement(By.cssSelector("#recall-progress button")).click();
    await.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("recall-steps"), "NOTIFIED"));
    assertThat(text("#recalls")).contains("Lot " + BrowserPlant.BAD_LOT);
    JsonNode held = http.getForObject("/api/units/" + plant.pumps.get(0), JsonNode.class);
    assertThat(held.path("status").asText()).isEqualTo("HELD");
    shoot("quality-recall");
  }

  @Test
  @Order(6)
  void theHeldFlagShowsOnLookupAndTheExceptionsListOpens() {
    browser.get(url("/ui/unit.html?serial=" + plant.pumps.get(0)));
    WebElement held = await.until(d -> d.findElement(By.id("flag-held")));
    assertThat(held.getText()).isEqualTo("HELD");

    browser.get(url("/ui/quality.html#exceptions"));
    await.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#exc-csv a")));
    shoot("quality-exceptions");
  }

  private String text(String css) {
    return browser.findElement(By.cssSelector(css)).getText();
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }

  private static void shoot(String name) {
    Chromium.shoot(browser, name);
  }
}
