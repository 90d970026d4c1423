package org.unitrace.edge.device;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unitrace.edge.config.StationConfig;
import org.unitrace.edge.serial.SerialIssuer;
import org.unitrace.edge.station.MarkOutcome;
import org.unitrace.edge.station.Step.MarkRequest;
import org.unitrace.line.DaemonThreads;
import org.unitrace.line.device.DeviceException;
import org.unitrace.line.device.marker.LaserMarker;
import org.unitrace.line.device.marker.MarkerException;
import org.unitrace.line.device.scanner.ScanResult;
import org.unitrace.line.device.scanner.Scanner;
import org.unitrace.line.serialno.SerialContext;

/**
 * The device side of a marking station, on its own thread so a slow marker never stalls the line's
 * logic: takes the next serial (its position on disk before it is used), has the marker mark it,
 * reads the mark back with the verifier, and reports one {@link MarkOutcome}. Busy markers are
 * asked again, failed marks re-marked and NOREADs re-read as the station's configuration allows.
 */
public final class MarkingStation implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MarkingStation.class);

  private final String site;
  private final String line;
  private final StationConfig station;
  private final StationConfig.Marking config;
  private final LaserMarker marker;
  private final Scanner verifier;
  private final SerialIssuer serials;
  private final ZoneId zone;
  private final Clock clock;
  private final ExecutorService worker;

  public MarkingStation(
      String site,
      String line,
      StationConfig station,
      LaserMarker marker,
      Scanner verifier,
      SerialIssuer serials,
      ZoneId zone,
      Clock clock) {
    this.site = site;
    this.line = line;
    this.station = station;
    this.config = station.marking();
    this.marker = marker;
    this.verifier = verifier;
    this.serials = serials;
    this.zone = zone;
    this.clock = clock;
    this.worker = Executors.newSingleThreadExecutor(DaemonThreads.named("marking-" + station.id()));
  }

  /** Runs one marking cycle in the background and hands its outcome to {@code done}. */
  public void submit(MarkRequest request, Consumer<MarkOutcome> done) {
    worker.execute(
        () -> {
          MarkOutcome outcome;
          try {
            outcome = cycle(request);
          } catch (RuntimeException e) {
            log.error("Station {}: marking cycle failed: {}", station.id(), e.getMessage(), e);
            outcome =
                new MarkOutcome(
                    request,
                    null,
                    "MARKING_FAILED",
                    null,
                    null,
                    null,
                    0,
                    0,
                    0,
                    e.toString(),
                    clock.instant());
          }
          done.accept(outcome);
        });
  }

  MarkOutcome cycle(MarkRequest request) {
    String serial;
    try {
      serial =
          serials.next(
              SerialContext.at(
                  site, line, station.id(), request.shift(), clock.instant().atZone(zone)));
    } catch (RuntimeException e) {
      return new MarkOutcome(
          request, null, "NO_SERIALS", null, null, null, 0, 0, 0, e.getMessage(), clock.instant());
    }
    Map<String, String> variables = new LinkedHashMap<>();
    config.variables().forEach((k, v) -> variables.put(k, v.replace("{serial}", serial)));
    Instant start = clock.instant();
    int markAttempts = 0;
    String failure = null;
    String detail = null;
    while (markAttempts < config.markAttempts()) {
      markAttempts++;
      try {
        markOnce(variables);
        failure = null;
        break;
      } catch (MarkerException e) {
        failure = e.failureCode();
        detail = e.getMessage();
      } catch (DeviceException e) {
        failure = "MARKER_OFFLINE";
        detail = e.getMessage();
      }
      log.warn(
          "Station {}: marking {} failed (attempt {} of {}): {}",
          station.id(),
          serial,
          markAttempts,
          config.markAttempts(),
          detail);
    }
    long markMillis = Duration.between(start, clock.instant()).toMillis();
    if (failure != null) {
      return new MarkOutcome(
          request,
          serial,
          failure,
          null,
          null,
          null,
          markAttempts,
          0,
          markMillis,
          detail,
          clock.instant());
    }
    StationConfig.Verify verify = config.verify();
    if (verify == null) {
      return new MarkOutcome(
          request,
          serial,
          null,
          null,
          null,
          null,
          markAttempts,
          0,
          markMillis,
          "not verified",
          clock.instant());
    }
    String expect = verify.expect().replace("{serial}", serial);
    int reads = 0;
    ScanResult.Read last = null;
    while (reads < verify.readAttempts()) {
      reads++;
      ScanResult r;
      try {
        r = verifier.trigger(verify.readTimeout());
      } catch (DeviceException e) {
        failure = "VERIFIER_OFFLINE";
        detail = e.getMessage();
        continue;
      }
      if (r instanceof ScanResult.NoRead no) {
        failure = "NOREAD";
        detail = "the verifier read nothing (" + no.reason() + ")";
        continue;
      }
      last = (ScanResult.Read) r;
      if (!expect.equals(last.data())) {
        failure = "MISMATCH";
        detail =
            "the mark reads '%s', expected '%s'"
                .formatted(printable(last.data()), printable(expect));
        continue;
      }
      if (verify.minGrade() != null
          && last.grade() != null
          && Grades.worse(last.grade(), verify.minGrade())) {
        failure = "GRADE_BELOW_" + verify.minGrade();
        detail = "grade %s is below the %s required".formatted(last.grade(), verify.minGrade());
        break; // a poor mark stays poor: reading it again does not help
      }
      failure = null;
      detail = null;
      break;
    }
    return new MarkOutcome(
        request,
        serial,
        failure,
        last == null ? null : last.grade(),
        last == null ? null : last.data(),
        last == null || last.symbology() == null
            ? null
            : Grades.symbologyName(last.symbology().code()),
        markAttempts,
        reads,
        markMillis,
        detail,
        clock.instant());
  }

  /** Loads the job, fills it and starts; a busy marker is asked again from the job on. */
  private void markOnce(Map<String, String> variables) {
    for (int busy = 0; ; busy++) {
      try {
        marker.selectJob(config.job());
        variables.forEach(marker::setVariable);
        marker.startMarking();
        break;
      } catch (MarkerException e) {
        if (e.kind() != MarkerException.Kind.BUSY || busy >= config.busyRetries()) {
          throw e;
        }
        log.info("Station {}: marker busy, asking again in {}", station.id(), config.busyWait());
        sleep(config.busyWait());
      }
    }
    marker.awaitDone(config.markTimeout());
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the marker was busy", e);
    }
  }

  static String printable(String s) {
    return s == null ? null : s.replace("\u001d", "<GS>");
  }

  @Override
  public void close() {
    worker.shutdownNow();
    try {
      worker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    marker.close();
    if (verifier != null) {
      verifier.close();
    }
  }
}
