package org.unitrace.systemtests.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.unitrace.core.support.BuiltJars;
import org.unitrace.core.support.Chromium;

/**
 * The demo plant as a new user meets it: the README's run command (the built demo jar, from the
 * repository's root) brings up mes-core, two edge agents and the simulated lines; the pages work
 * against it; the three serials it reports as returned lead, on the quality page, to the faulty
 * cell lot and from there to a recall; Ctrl-C (SIGTERM) stops every process it started; a second
 * start resumes the same plant. It runs the test-speed scenario {@code demo/fast.yml} on free
 * ports, in {@code target/demo-it}, with its console in {@code target/demo-it.log}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoPlantIT {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path DIR = Path.of("target/demo-it").toAbsolutePath();
  private static final Path CONSOLE = Path.of("target/demo-it.log").toAbsolutePath();
  private static final Duration START = Duration.ofMinutes(4);
  private static final Pattern THREE =
      Pattern.compile("==> Three units came back: \\[(\\S+), (\\S+), (\\S+)]");
  private static final Pattern LOOK_UP = Pattern.compile("serials to look up: \\[(\\S+), ");

  private static Path demoJar;
  private static ChromeDriver browser;
  private static Demo demo;
  private static int[] ports;
  private static String password;

  private WebDriverWait await;

  @BeforeAll
  static void startTheDemo() throws Exception {
    demoJar =
        BuiltJars.of("simulators", "demo"); // built by the simulators module before these tests
    ports = freePorts();
    demo = Demo.start(true);
    demo.await("==> Unitrace demo plant is running", START);
    Properties credentials = new Properties();
    try (var in = Files.newInputStream(DIR.resolve("credentials.properties"))) {
      credentials.load(in);
    }
    password = credentials.getProperty("demo");
    browser = Chromium.start();
  }

  @AfterAll
  static void stopEverything() {
    if (browser != null) {
      browser.quit();
    }
    if (demo != null) {
      demo.kill();
    }
  }

  @AfterEach
  void noScriptErrors() {
    assertThat(Chromium.scriptErrors(browser)).as("errors in the browser console").isEmpty();
  }

  @Test
  @Order(1)
  void theProductionPageShowsBothLinesProducingLive() {
    await = patient(Duration.ofSeconds(90));
    browser.get(url("/ui/production.html"));
    await.until(ExpectedConditions.urlContains("/login"));
    browser.findElement(By.id("username")).sendKeys("demo");
    browser.findElement(By.id("password")).sendKeys(password);
    browser.findElement(By.id("login")).click();
    await.until(ExpectedConditions.urlContains("/ui/production.html"));
    await.until(d -> d.findElement(By.cssSelector("#live.on")));

    await.until(d -> count(d.findElement(By.id("units-AKL-L1")).getText()) > 0);
    int before = count(text("#units-AKL-L1"));
    // no reload: the counter moves by itself while the simulated line produces
    await.until(d -> count(d.findElement(By.id("units-AKL-L1")).getText()) > before);
    // the test bench speaks Sparkplug B; the L2 marker fails every 7th mark
    await.until(d -> !d.findElements(By.id("station-AKL-L1-EOL")).isEmpty());
    await.until(d -> d.findElement(By.id("station-AKL-L1-EOL")).getText().contains("/ 4.0 s"));
    await.until(d -> count(d.findElement(By.id("marks-AKL-L2")).getText()) > 0);
    await.until(
        d ->
            List.of("RUNNING", "FAULT")
                .contains(d.findElement(By.cssSelector("#station-AKL-L2-MARK .badge")).getText()));
    Chromium.shoot(browser, "demo-production");
  }

  @Test
  @Order(2)
  void aSerialTheConsolePrintsShowsItsTwoLevelGenealogy() throws Exception {
    await = patient(Duration.ofSeconds(30));
    Matcher printed = demo.await(LOOK_UP, START);
    String serial = printed.group(1);
    browser.get(url("/ui/unit.html"));
    await.until(d -> d.findElement(By.id("serial"))).sendKeys(serial, Keys.ENTER);
    await.until(ExpectedConditions.textToBe(By.id("unit-serial"), serial));
    assertThat(text("#identity")).contains("CTRL-900");
    assertThat(text("#segments")).contains("AKL").contains("L1");
    WebElement module = await.until(d -> d.findElement(By.cssSelector("details.sub")));
    module.findElement(By.tagName("summary")).click();
    await.until(d -> module.getText().contains("PCB-100"));
    assertThat(module.getText()).contains("CELL-3").contains("MOD-5");
    assertThat(text("#timeline")).contains("EOL");
    // the warehouse sells, ships and delivers it: two years' warranty from the sale
    patient(Duration.ofSeconds(90))
        .until(
            d -> {
              d.get(url("/ui/unit.html?serial=" + serial));
              return patient(Duration.ofSeconds(10))
                  .until(x -> x.findElement(By.id("warranty-status")))
                  .getText()
                  .equals("IN_WARRANTY");
            });
    assertThat(text("#whereabouts")).contains("customer");
    Chromium.shoot(browser, "demo-unit");
    fitsATablet("demo-unit-tablet");
  }

  @Test
  @Order(3)
  void theThreeReturnedSerialsLeadToTheFaultyLotAndARecall() throws Exception {
    await = patient(Duration.ofSeconds(30));
    Matcher returned = demo.await(THREE, START);
    List<String> serials = List.of(returned.group(1), returned.group(2), returned.group(3));

    browser.get(url("/ui/quality.html#factors"));
    WebElement pasted =
        await.until(ExpectedConditions.visibilityOfElementLocated(By.id("factor-serials")));
    pasted.sendKeys(String.join("\n", serials));
    browser.findElement(By.id("factors-run")).click();
    WebElement top =
        await.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#factors tbody tr:first-child")));
    assertThat(top.getText()).as("the first-ranked factor").contains("C-2612").contains("3 / 3");
    Chromium.shoot(browser, "demo-quality-factors");

    top.findElement(By.cssSelector("button[data-factor]")).click(); // trace the lot forward
    await.until(d -> count(d.findElement(By.id("trace-count")).getText()) > 3);
    assertThat(text("#trace-units")).contains(serials.get(0));
    browser.findElement(By.id("trace-to-recall")).click();
    await
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("recall-reason")))
        .sendKeys("cells of lot C-2612 fail in the field (3 returns)");
    browser.findElement(By.id("recall-create")).click();
    await.until(d -> count(d.findElement(By.id("recall-units")).getText()) >= 3);
    assertThat(text("#recall-units-table")).contains("SOLD").contains(serials.get(1));
    Chromium.shoot(browser, "demo-quality-recall");
    fitsATablet("demo-quality-recall-tablet");
  }

  @Test
  @Order(4)
  void ctrlCStopsEveryProcessAndASecondStartResumesThePlant() throws Exception {
    List<String> returned = new ArrayList<>();
    Matcher m = demo.await(THREE, Duration.ZERO);
    returned.addAll(List.of(m.group(1), m.group(2), m.group(3)));
    demo.stop();

    demo = Demo.start(false);
    Matcher again =
        demo.await(Pattern.compile("==> Returned earlier: \\[(\\S+), (\\S+), (\\S+)]"), START);
    assertThat(List.of(again.group(1), again.group(2), again.group(3))).isEqualTo(returned);
    demo.await("==> Unitrace demo plant is running", START);
    HttpResponse<String> rma = get("/api/returns?serial=" + returned.get(0));
    assertThat(rma.statusCode()).as(rma.body()).isEqualTo(200);
    assertThat(rma.body()).as("the return filed before the restart").contains("does not power up");
    demo.await(Pattern.compile("demo: L2 [1-9]\\d* units"), START); // producing again
    assertThat(demo.lines()).noneMatch(l -> l.startsWith("==> Three units came back"));
    demo.stop();
  }

  /** The page as it is, on a tablet held upright at the line: nothing wider than the screen. */
  private void fitsATablet(String screenshot) {
    browser.manage().window().setSize(new Dimension(820, 1180));
    try {
      Long overflow =
          (Long)
              browser.executeScript(
                  "return document.documentElement.scrollWidth - window.innerWidth;");
      assertThat(overflow).as("the page fits the tablet's width").isLessThanOrEqualTo(0L);
      Chromium.shoot(browser, screenshot);
    } finally {
      browser.manage().window().setSize(new Dimension(1280, 1000));
    }
  }

  /** Live pages redraw their elements: an element gone stale is looked up again. */
  private static WebDriverWait patient(Duration timeout) {
    WebDriverWait wait = new WebDriverWait(browser, timeout);
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  private String text(String css) {
    return browser.findElement(By.cssSelector(css)).getText();
  }

  private static int count(String shown) {
    String digits = shown.replaceAll("[^0-9]", "");
    return digits.isEmpty() ? 0 : Integer.parseInt(digits);
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + ports[0] + path;
  }

  private static HttpResponse<String> get(String path) throws Exception {
    String basic =
        Base64.getEncoder().encodeToString(("demo:" + password).getBytes(StandardCharsets.UTF_8));
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url(path)))
                .header("Authorization", "Basic " + basic)
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /**
   * HTTP, MQTT, and two each for the agents and the PLCs: six consecutive ports free now, below
   * Linux's ephemeral range, so no test server that asked for any free port can take one meanwhile.
   */
  private static int[] freePorts() {
    for (int base = 20000 + (int) (ProcessHandle.current().pid() % 1000) * 6;
        base < 32000;
        base += 6) {
      int b = base;
      if (IntStream.range(0, 6).allMatch(i -> free(b + i))) {
        return new int[] {base, base + 1, base + 2, base + 4};
      }
    }
    throw new IllegalStateException("no six consecutive free ports between 20000 and 32000");
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The demo's process, its console kept line by line in memory and in {@code CONSOLE}. */
  private record Demo(Process process, List<String> lines) {

    static Demo start(boolean fresh) throws IOException {
      List<String> command =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-jar",
                  demoJar.toString(),
                  "--dir",
                  DIR.toString(),
                  "--scenario",
                  Path.of("src/test/resources/demo/fast.yml").toAbsolutePath().toString(),
                  "--http-port",
                  String.valueOf(ports[0]),
                  "--mqtt-port",
                  String.valueOf(ports[1]),
                  "--agent-port",
                  String.valueOf(ports[2]),
                  "--opc-port",
                  String.valueOf(ports[3])));
      if (fresh) {
        command.add("--fresh");
      }
      ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
      pb.redirectErrorStream(true);
      pb.environment().remove("UNITRACE_DB_URL");
      pb.environment().remove("UNITRACE_MQTT_URL");
      Process p = pb.start();
      List<String> lines = new CopyOnWriteArrayList<>();
      Writer console =
          Files.newBufferedWriter(
              CONSOLE,
              StandardOpenOption.CREATE,
              fresh ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND);
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader in =
                        new BufferedReader(
                            new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                    console) {
                  for (String l = in.readLine(); l != null; l = in.readLine()) {
                    lines.add(l);
                    console.write(l + "\n");
                    console.flush();
                  }
                } catch (IOException e) {
                  lines.add("(console lost: " + e.getMessage() + ")");
                }
              },
              "demo-console");
      reader.setDaemon(true);
      reader.start();
      return new Demo(p, lines);
    }

    void await(String text, Duration within) throws InterruptedException {
      await(Pattern.compile(Pattern.quote(text)), within);
    }

    Matcher await(Pattern pattern, Duration within) throws InterruptedException {
      long deadline = System.nanoTime() + within.toNanos();
      while (true) {
        for (String l : lines) {
          Matcher m = pattern.matcher(l);
          if (m.find()) {
            return m;
          }
        }
        assertThat(process.isAlive())
            .as(
                "the demo exited with %s while waiting for '%s'; its console: %s",
                process.isAlive() ? "" : process.exitValue(), pattern, CONSOLE)
            .isTrue();
        assertThat(System.nanoTime() - deadline)
            .as("'%s' not printed within %s; the console is in %s", pattern, within, CONSOLE)
            .isLessThan(0);
        Thread.sleep(250);
      }
    }

    /** Ctrl-C: SIGTERM to the demo; it and every process it started are gone within a minute. */
    void stop() throws InterruptedException {
      List<ProcessHandle> children = process.descendants().toList();
      assertThat(children).as("mes-core, two agents and socat").hasSizeGreaterThanOrEqualTo(3);
      process.toHandle().destroy(); // SIGTERM; Process.destroy() would close the console too
      assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("the demo stopped").isTrue();
      for (ProcessHandle c : children) {
        c.onExit().completeOnTimeout(c, 10, TimeUnit.SECONDS).join();
      }
      assertThat(children.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::info))
          .as("processes the demo left running")
          .isEmpty();
      assertThat(lines).anyMatch(l -> l.startsWith("demo: stopped; data kept in"));
      assertThat(Arrays.stream(ports).filter(port -> !free(port)))
          .as("ports still taken")
          .isEmpty();
    }

    void kill() {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }
}
