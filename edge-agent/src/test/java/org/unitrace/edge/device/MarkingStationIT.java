package org.unitrace.edge.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unitrace.edge.TestLines;
import org.unitrace.edge.config.LineConfigLoader;
import org.unitrace.edge.config.StationConfig;
import org.unitrace.edge.outbox.Outbox;
import org.unitrace.edge.outbox.OutboxSettings;
import org.unitrace.edge.serial.Block;
import org.unitrace.edge.serial.SerialIssuer;
import org.unitrace.edge.serial.SerialSettings;
import org.unitrace.edge.station.MarkOutcome;
import org.unitrace.edge.station.Step.MarkRequest;
import org.unitrace.line.device.ChannelSettings;
import org.unitrace.line.device.marker.MarkerDrivers;
import org.unitrace.line.device.scanner.ScanMode;
import org.unitrace.line.device.scanner.ScannerDrivers;
import org.unitrace.sim.device.MarkerSimulator;
import org.unitrace.sim.device.ScannerSimulator;
import org.unitrace.sim.device.SimEndpoint;

/**
 * The marking cycle against the marker and verifier simulators over TCP: each failure a marking
 * station meets, and its outcome. Serial blocks come from a counter here (the core's allocation is
 * tested in mes-core); the outbox is the real SQLite store.
 */
class MarkingStationIT {

  @TempDir Path dir;

  private final MarkerSimulator marker = new MarkerSimulator().markingTime(Duration.ofMillis(200));
  private final ScannerSimulator verifier = new ScannerSimulator(ScanMode.TRIGGER);
  private SimEndpoint markerEnd;
  private SimEndpoint verifierEnd;
  private Outbox store;
  private MarkingStation station;
  private final AtomicLong next = new AtomicLong(1);

  @BeforeEach
  void line() {
    verifier.verifies(marker.marks(), "SN");
    markerEnd = SimEndpoint.tcp(0).serve(marker);
    markerEnd.start();
    verifierEnd = SimEndpoint.tcp(0).serve(verifier);
    verifierEnd.start();
    String options =
        """
        variables: { SN: "{serial}" }
        markTimeout: 1s
        busyRetries: 3
        busyWait: 200ms
        verify: { minGrade: C, readAttempts: 2, readTimeout: 500ms }
        """;
    String yaml =
        TestLines.markingLine("SN{seq:6}", options, markerEnd.driverUri(), verifierEnd.driverUri());
    StationConfig config =
        new LineConfigLoader().parse("line.yml", yaml, dir).station("MARK").orElseThrow();
    store = Outbox.create(OutboxSettings.of(dir.resolve("agent.db"), "edge-test"));
    SerialIssuer serials =
        new SerialIssuer(
            SerialSettings.of("SN{seq:6}"),
            store,
            (template, period, count) -> {
              long first = next.getAndAdd(count);
              return new Block(first, first + count - 1);
            });
    station =
        new MarkingStation(
            "AKL",
            "L2",
            config,
            MarkerDrivers.create("unitrace-ascii", ChannelSettings.parse(markerEnd.driverUri())),
            ScannerDrivers.create(
                "generic", ChannelSettings.parse(verifierEnd.driverUri()), ScanMode.TRIGGER),
            serials,
            ZoneOffset.UTC,
            Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    station.close();
    markerEnd.close();
    verifierEnd.close();
    store.close();
  }

  private MarkOutcome mark() {
    return station.cycle(new MarkRequest("MARK", "R-1", "CTRL-900", "B", null, Instant.now()));
  }

  @Test
  void aPassedMarkCarriesItsGradeAndWhatWasRead() {
    MarkOutcome o = mark();
    assertThat(o.passed()).as(o.toString()).isTrue();
    assertThat(o.serial()).isEqualTo("SN000001");
    assertThat(o.content()).isEqualTo("SN000001");
    assertThat(o.grade()).isEqualTo("A");
    assertThat(marker.marks().lastValue("SN")).contains("SN000001");
  }

  @Test
  void aBusyMarkerIsAskedAgainThenMarks() {
    marker.busyFor(Duration.ofMillis(350));
    MarkOutcome o = mark();
    assertThat(o.passed()).as(o.toString()).isTrue();
  }

  @Test
  void aMarkerBusyLongerThanTheRetriesIsMarkerBusy() {
    marker.busyFor(Duration.ofSeconds(5));
    MarkOutcome o = mark();
    assertThat(o.failureCode()).as(o.toString()).isEqualTo("MARKER_BUSY");
  }

  @Test
  void aMarkerErrorCarriesItsCode() {
    marker.failNext("12");
    MarkOutcome o = mark();
    assertThat(o.failureCode()).as(o.toString()).isEqualTo("MARKER_E12");
    assertThat(o.detail()).contains("12");
  }

  @Test
  void aMarkingNeverReportedDoneTimesOut() {
    marker.silentNext();
    MarkOutcome o = mark();
    assertThat(o.failureCode()).as(o.toString()).isEqualTo("MARKER_TIMEOUT");
    MarkOutcome after = mark();
    assertThat(after.passed()).as("the next part after a timeout: " + after).isTrue();
  }

  @Test
  void aNoreadIsReadAgainAndTwoAreAFailure() {
    verifier.noReadNext();
    assertThat(mark().passed()).isTrue();
    verifier.noReadNext();
    verifier.noReadNext();
    MarkOutcome o = mark();
    assertThat(o.failureCode()).as(o.toString()).isEqualTo("NOREAD");
    assertThat(o.readAttempts()).isEqualTo(2);
  }

  @Test
  void aMarkThatReadsOtherwiseIsAMismatch() {
    verifier.mismatchNext("XX999999");
    verifier.mismatchNext("XX999999");
    MarkOutcome o = mark();
    assertThat(o.failureCode()).as(o.toString()).isEqualTo("MISMATCH");
    assertThat(o.content()).isEqualTo("XX999999");
  }

  @Test
  void aPoorGradeFailsAtOnce() {
    verifier.grade("D");
    MarkOutcome o = mark();
    assertThat(o.failureCode()).as(o.toString()).isEqualTo("GRADE_BELOW_C");
    assertThat(o.readAttempts()).isEqualTo(1);
    assertThat(o.grade()).isEqualTo("D");
  }

  @Test
  void aSerialIsNeverUsedTwiceEvenWhenItsMarkFailed() {
    marker.failNext("12");
    String failed = mark().serial();
    String next = mark().serial();
    assertThat(next).isNotEqualTo(failed);
  }
}
