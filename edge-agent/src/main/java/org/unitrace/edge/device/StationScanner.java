package org.unitrace.edge.device;

import java.time.Duration;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unitrace.line.DaemonThreads;
import org.unitrace.line.device.DeviceException;
import org.unitrace.line.device.scanner.ScanResult;
import org.unitrace.line.device.scanner.Scanner;

/**
 * A station's hand or fixed scanner in continuous mode: every read goes to the line's logic as a
 * scanned label (AIM identifier put back in front, so the label decoder knows a GS1 symbol). A
 * scanner that goes away is reopened by its channel; reads resume when it is back.
 */
public final class StationScanner implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StationScanner.class);

  private final String station;
  private final Scanner scanner;
  private final BiConsumer<String, String> onLabel;
  private final Thread thread;
  private volatile boolean running = true;

  public StationScanner(String station, Scanner scanner, BiConsumer<String, String> onLabel) {
    this.station = station;
    this.scanner = scanner;
    this.onLabel = onLabel;
    this.thread = DaemonThreads.create("scanner-" + station, this::run);
  }

  public void start() {
    thread.start();
  }

  private void run() {
    while (running) {
      try {
        var read = scanner.next(Duration.ofSeconds(1));
        if (read.isEmpty()) {
          continue;
        }
        if (read.get() instanceof ScanResult.Read r) {
          String label = (r.symbology() == null ? "" : r.symbology().code()) + r.data();
          onLabel.accept(station, label);
        } else if (read.get() instanceof ScanResult.NoRead no) {
          log.debug("Station {}: scanner NOREAD ({})", station, no.reason());
        }
      } catch (DeviceException e) {
        if (running) {
          log.warn("Station {}: scanner {}: {}", station, scanner.endpoint(), e.getMessage());
          pause();
        }
      } catch (RuntimeException e) {
        if (running) {
          log.error("Station {}: scan not processed: {}", station, e.getMessage(), e);
        }
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    DaemonThreads.stop(thread, Duration.ofSeconds(3));
    scanner.close();
  }
}
