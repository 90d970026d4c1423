package org.unitrace.sim.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.unitrace.line.device.ChannelSettings;
import org.unitrace.line.device.DeviceException;
import org.unitrace.line.device.Framing;
import org.unitrace.line.device.marker.LaserMarker;
import org.unitrace.line.device.marker.MarkerDrivers;
import org.unitrace.line.device.scanner.GenericScanner;
import org.unitrace.line.device.scanner.ScanMode;
import org.unitrace.line.device.scanner.ScanResult;
import org.unitrace.line.device.scanner.Scanner;
import org.unitrace.line.device.scanner.ScannerDrivers;
import org.unitrace.line.gs1.SymbologyIdentifier;

/**
 * The generic scanner driver against the scanner simulator, over TCP and socat ptys, verifying what
 * the marker simulator marked.
 */
@Timeout(60)
class ScannerDriverIT {

  private static final Duration READ = Duration.ofSeconds(5);
  private static final String DM = "010950600013435\u001D21SN000123\u001D10LOT-7";

  @TempDir Path dir;

  private final MarkerSimulator markerSim =
      new MarkerSimulator().markingTime(Duration.ofMillis(20));
  private final List<AutoCloseable> open = new ArrayList<>();
  private Wire.Served scannerServed;

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    markerSim.close();
  }

  private Scanner scanner(Wire wire, ScannerSimulator sim, Framing framing) {
    scannerServed = wire.serve(sim, framing, dir.resolve("scanner"));
    open.add(scannerServed);
    Scanner s =
        ScannerDrivers.create("generic", ChannelSettings.parse(scannerServed.uri()), sim.mode());
    open.add(s);
    s.open();
    return s;
  }

  private LaserMarker marker(Wire wire) {
    Wire.Served served = wire.serve(markerSim, Framing.CRLF, dir.resolve("marker"));
    open.add(served);
    LaserMarker m = MarkerDrivers.create("unitrace-ascii", ChannelSettings.parse(served.uri()));
    open.add(m);
    m.open();
    return m;
  }

  private ScannerSimulator verifier(ScanMode mode) {
    return new ScannerSimulator(mode).verifies(markerSim.marks(), "DM");
  }

  private static ScanResult.Read read(ScanResult r) {
    assertThat(r).isInstanceOf(ScanResult.Read.class);
    return (ScanResult.Read) r;
  }

  @ParameterizedTest
  @EnumSource(Wire.class)
  void theVerifierReadsBackWhatWasMarkedWithSymbologyAndGrade(Wire wire) {
    LaserMarker marker = marker(wire);
    Scanner scanner = scanner(wire, verifier(ScanMode.TRIGGER), Framing.CRLF);

    marker.mark("PLATE", Map.of("SN", "SN000123", "DM", DM), READ);
    ScanResult.Read r = read(scanner.trigger(READ));

    assertThat(r.data()).isEqualTo(DM);
    assertThat(r.symbology()).isEqualTo(new SymbologyIdentifier("]d2"));
    assertThat(r.grade()).isEqualTo("A");
    assertThat(r.raw()).isEqualTo("]d2" + DM + "\tGRADE:A");
  }

  @ParameterizedTest
  @EnumSource(Wire.class)
  void injectedFaultsComeBackAsNoReadsOrWrongData(Wire wire) {
    LaserMarker marker = marker(wire);
    ScannerSimulator sim = verifier(ScanMode.TRIGGER);
    Scanner scanner = scanner(wire, sim, Framing.STX_ETX);
    marker.mark("PLATE", Map.of("DM", DM), READ);
    sim.noReadNext();
    sim.emptyNext();
    sim.garbleNext();
    sim.mismatchNext("0109506000134352\u001D21OTHER");

    assertThat(scanner.trigger(READ))
        .isEqualTo(new ScanResult.NoRead("scanner reported NOREAD", "NOREAD"));
    assertThat(scanner.trigger(READ)).isEqualTo(new ScanResult.NoRead("empty frame", ""));
    ScanResult.Read garbled = read(scanner.trigger(READ));
    assertThat(garbled.data()).hasSameSizeAs(DM).isNotEqualTo(DM);
    assertThat(garbled.symbology().code()).isEqualTo("]d2");
    assertThat(read(scanner.trigger(READ)).data()).isEqualTo("0109506000134352\u001D21OTHER");
    assertThat(read(scanner.trigger(READ)).data()).isEqualTo(DM);
  }

  @Test
  void presentedLabelsAreReadInOrderWithAndWithoutSymbologyIdentifier() {
    ScannerSimulator sim = new ScannerSimulator(ScanMode.TRIGGER);
    Scanner scanner = scanner(Wire.TCP, sim, Framing.CRLF);
    sim.present("]C1" + "0109506000134352");
    sim.present("PLAIN-LABEL-7\tGRADE:3.5");

    ScanResult.Read gs1 = read(scanner.trigger(READ));
    assertThat(gs1.data()).isEqualTo("0109506000134352");
    assertThat(gs1.symbology().isGs1()).isTrue();
    assertThat(gs1.grade()).isNull();
    ScanResult.Read plain = read(scanner.trigger(READ));
    assertThat(plain.data()).isEqualTo("PLAIN-LABEL-7");
    assertThat(plain.symbology()).isNull();
    assertThat(plain.grade()).isEqualTo("3.5");
    assertThat(scanner.trigger(READ)).isInstanceOf(ScanResult.NoRead.class);
  }

  @ParameterizedTest
  @EnumSource(Wire.class)
  void anUnansweredTriggerIsANoReadAndItsLateAnswerIsNotTakenForTheNextRead(Wire wire) {
    ScannerSimulator sim = new ScannerSimulator(ScanMode.TRIGGER);
    Scanner scanner = scanner(wire, sim, Framing.CRLF);
    sim.silentNext();
    sim.present("]d2LABEL-2");

    ScanResult first = scanner.trigger(Duration.ofMillis(300));
    assertThat(first).isInstanceOf(ScanResult.NoRead.class);
    assertThat(((ScanResult.NoRead) first).reason()).contains("no answer to TRIGGER");
    assertThat(sim.received()).containsExactly("TRIGGER", "TRIGGER OFF");

    assertThat(read(scanner.trigger(READ)).data()).isEqualTo("LABEL-2");
  }

  @ParameterizedTest
  @EnumSource(Wire.class)
  void aContinuousScannerSendsEveryReadByItself(Wire wire) {
    LaserMarker marker = marker(wire);
    ScannerSimulator sim = verifier(ScanMode.CONTINUOUS).grade("2.5");
    Scanner scanner = scanner(wire, sim, Framing.CRLF);

    sim.present("]Q3HELLO");
    assertThat(scanner.next(READ).map(r -> read(r).data())).contains("HELLO");
    marker.mark("PLATE", Map.of("DM", DM), READ);
    ScanResult.Read verified = read(scanner.next(READ).orElseThrow());
    assertThat(verified.data()).isEqualTo(DM);
    assertThat(verified.grade()).isEqualTo("2.5");
    sim.noReadNext();
    sim.readNow();
    assertThat(scanner.next(READ)).containsInstanceOf(ScanResult.NoRead.class);
    assertThat(scanner.next(Duration.ofMillis(200))).isEmpty();
    assertThat(sim.triggers()).isZero();
  }

  @Test
  void theScannerIsReachedAgainAfterItsServerRestarts() {
    ScannerSimulator sim = new ScannerSimulator(ScanMode.TRIGGER);
    Scanner scanner = scanner(Wire.TCP, sim, Framing.CRLF);
    sim.present("]d2ONE");
    assertThat(read(scanner.trigger(READ)).data()).isEqualTo("ONE");

    scannerServed.endpoint().stop();
    assertThatThrownBy(() -> scanner.trigger(READ)).isInstanceOf(DeviceException.class);
    scannerServed.endpoint().start();
    sim.present("]d2TWO");

    await()
        .atMost(Duration.ofSeconds(15))
        .ignoreExceptionsInstanceOf(DeviceException.class)
        .until(() -> scanner.trigger(READ) instanceof ScanResult.Read r && r.data().equals("TWO"));
    assertThat(((GenericScanner) scanner).reconnects()).isEqualTo(1);
  }
}
