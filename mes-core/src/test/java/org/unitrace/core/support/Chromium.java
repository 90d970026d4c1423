package org.unitrace.core.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The system's headless Chromium for the browser tests (Debian's {@code chromium} and {@code
 * chromium-driver}; nothing is downloaded), as a desktop or as a phone, with the screenshots a
 * reviewer looks at in {@code target/screenshots/} and the browser console's errors.
 */
public final class Chromium {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target/screenshots");

  private Chromium() {}

  /**
   * A desktop browser with a 1280x1000 window. A test class keeps it in a static field marked
   * {@code @AutoClose("quit")}, so it is started once for the class and closed after it.
   */
  public static ChromeDriver start() {
    return launch(new ChromeOptions(), "chromium-profile", "--window-size=1280,1000");
  }

  /**
   * A phone: a 360x740 viewport with touch, and a fake camera that films {@code camera} (a y4m
   * video) for any page that asks for one.
   */
  public static ChromeDriver phone(Path camera) {
    ChromeOptions options = new ChromeOptions();
    options.setExperimentalOption(
        "mobileEmulation",
        Map.of(
            "deviceMetrics",
            Map.of("width", 360, "height", 740, "pixelRatio", 2.0, "touch", true)));
    return launch(
        options,
        "chromium-handheld",
        "--window-size=360,740",
        "--autoplay-policy=no-user-gesture-required",
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        "--use-file-for-fake-video-capture=" + camera.toAbsolutePath());
  }

  private static ChromeDriver launch(ChromeOptions options, String profile, String... arguments) {
    assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
        .as(
            "the browser tests need Debian's Chromium at %s and its driver at %s"
                + " (apt-get install chromium chromium-driver; .ci/run installs them)",
            CHROMIUM, CHROMEDRIVER)
        .isTrue();
    Path userData;
    try {
      Files.createDirectories(SCREENSHOTS);
      userData = Files.createTempDirectory(profile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the browser's directories", e);
    }
    // the driver is given: Selenium Manager has nothing to find or download
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage");
    options.addArguments(arguments);
    options.addArguments("--user-data-dir=" + userData);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    return new ChromeDriver(service, options);
  }

  /** The console's errors since the last call; a script error is a broken page. */
  public static List<LogEntry> scriptErrors(ChromeDriver browser) {
    return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .filter(e -> !e.getMessage().contains("favicon.ico"))
        .toList();
  }

  /** Keeps what the browser shows now as {@code target/screenshots/<name>.png}. */
  public static void shoot(ChromeDriver browser, String name) {
    File shot = browser.getScreenshotAs(OutputType.FILE);
    try {
      Files.copy(
          shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the screenshot " + name, e);
    }
  }
}
