package org.unitrace.sim.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.unitrace.line.device.ChannelSettings;
import org.unitrace.line.device.Framing;
import org.unitrace.line.device.ReconnectingChannel;
import org.unitrace.line.device.marker.AsciiMarker;
import org.unitrace.line.device.marker.LaserMarker;
import org.unitrace.line.device.marker.MarkerDrivers;
import org.unitrace.line.device.marker.MarkerException;
import org.unitrace.line.device.marker.MarkerException.Kind;
import org.unitrace.line.device.marker.MarkerStatus;

/** The unitrace-ascii driver against the marker simulator, over TCP and over a socat pty pair. */
@Timeout(60)
class MarkerDriverIT {

  private static final Duration DONE = Duration.ofSeconds(5);
  private static final String DM = "010950600013435\u001D21SN000123\u001D10LOT-7";

  @TempDir Path dir;

  private final MarkerSimulator sim =
      new MarkerSimulator().job("PLATE", "SN", "DM").markingTime(Duration.ofMillis(50));
  private Wire.Served served;
  private LaserMarker marker;

  private LaserMarker connect(Wire wire, Framing framing) {
    served = wire.serve(sim, framing, dir);
    marker = MarkerDrivers.create("unitrace-ascii", ChannelSettings.parse(served.uri()));
    marker.open();
    return marker;
  }

  @AfterEach
  void stop() {
    if (marker != null) {
      marker.close();
    }
    if (served != null) {
      served.close();
    }
    sim.close();
  }

  @ParameterizedTest
  @EnumSource(Wire.class)
  void aMarkingCycleMarksEveryVariableWithItsGroupSeparators(Wire wire) {
    LaserMarker m = connect(wire, Framing.CRLF);

    m.mark("PLATE", Map.of("SN", "SN000123", "DM", DM), DONE);

    Marks.Mark mark = sim.marks().last().orElseThrow();
    assertThat(mark.job()).isEqualTo("PLATE");
    assertThat(mark.variables()).containsEntry("SN", "SN000123").containsEntry("DM", DM);
    assertThat(sim.received())
        .contains("VAR DM=010950600013435\\x1D21SN000123\\x1D10LOT-7")
        .endsWith("START");
    assertThat(m.status()).isEqualTo(MarkerStatus.ready());
  }

  @ParameterizedTest
  @EnumSource(Wire.class)
  void stxEtxFramingCarriesBackslashesAndLatin1(Wire wire) {
    LaserMarker m = connect(wire, Framing.STX_ETX);
    String text = "C:\\Teil ü\u0002\u0003\r\n°";

    m.mark("PLATE", Map.of("SN", text), DONE);

    assertThat(sim.marks().lastValue("SN")).contains(text);
  }

  @ParameterizedTest
  @EnumSource(Wire.class)
  void aBusyMarkerRefusesTheStartAsBusy(Wire wire) {
    LaserMarker m = connect(wire, Framing.CRLF);
    m.selectJob("PLATE");
    sim.busyFor(Duration.ofMinutes(1));

    assertThat(m.status().state()).isEqualTo(MarkerStatus.State.BUSY);
    assertThatThrownBy(m::startMarking)
        .isInstanceOfSatisfying(
            MarkerException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.BUSY);
              assertThat(e.failureCode()).isEqualTo("MARKER_BUSY");
              assertThat(e.getMessage()).contains(m.endpoint());
            });
    assertThat(sim.marks().count()).isZero();
  }

  @Test
  void aSecondStartWhileMarkingIsRefusedAsBusyAndTheFirstStillCompletes() {
    sim.markingTime(Duration.ofSeconds(1));
    LaserMarker m = connect(Wire.TCP, Framing.CRLF);
    m.selectJob("PLATE");
    m.setVariable("SN", "A1");
    m.startMarking();

    assertThatThrownBy(m::startMarking)
        .isInstanceOfSatisfying(
            MarkerException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BUSY));
    m.awaitDone(DONE);
    assertThat(sim.marks().count()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Wire.class)
  void aFailedMarkingReportsTheMarkersErrorCodeAndTheNextOneWorks(Wire wire) {
    LaserMarker m = connect(wire, Framing.CRLF);
    sim.failNext("11");

    assertThatThrownBy(() -> m.mark("PLATE", Map.of("SN", "A1"), DONE))
        .isInstanceOfSatisfying(
            MarkerException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.ERROR);
              assertThat(e.code()).isEqualTo("11");
              assertThat(e.failureCode()).isEqualTo("MARKER_E11");
              assertThat(e.getMessage()).contains("laser fault");
            });
    assertThat(sim.marks().count()).isZero();

    m.mark("PLATE", Map.of("SN", "A2"), DONE);
    assertThat(sim.marks().lastValue("SN")).contains("A2");
  }

  @Test
  void aStandingFaultShowsInTheStatusAndRefusesTheStartWithItsCode() {
    LaserMarker m = connect(Wire.TCP, Framing.CRLF);
    sim.failAlways("10");

    assertThat(m.status())
        .isEqualTo(new MarkerStatus(MarkerStatus.State.ERROR, "10", "interlock open"));
    assertThatThrownBy(() -> m.mark("PLATE", Map.of("SN", "A1"), DONE))
        .isInstanceOfSatisfying(
            MarkerException.class, e -> assertThat(e.failureCode()).isEqualTo("MARKER_E10"));

    sim.clearFailures();
    m.mark("PLATE", Map.of("SN", "A1"), DONE);
    assertThat(sim.marks().count()).isEqualTo(1);
  }

  @Test
  void anUnknownJobOrVariableIsAnErrorWithTheMarkersCode() {
    LaserMarker m = connect(Wire.TCP, Framing.CRLF);

    assertThatThrownBy(() -> m.selectJob("NOPE"))
        .isInstanceOfSatisfying(MarkerException.class, e -> assertThat(e.code()).isEqualTo("20"));
    m.selectJob("PLATE");
    assertThatThrownBy(() -> m.setVariable("COLOUR", "red"))
        .isInstanceOfSatisfying(MarkerException.class, e -> assertThat(e.code()).isEqualTo("21"));
  }

  @ParameterizedTest
  @EnumSource(Wire.class)
  void aMarkingWithoutCompletionReportTimesOutAndTheNextOneWorks(Wire wire) {
    LaserMarker m = connect(wire, Framing.CRLF);
    sim.silentNext();

    assertThatThrownBy(() -> m.mark("PLATE", Map.of("SN", "A1"), Duration.ofMillis(500)))
        .isInstanceOfSatisfying(
            MarkerException.class, e -> assertThat(e.failureCode()).isEqualTo("MARKER_TIMEOUT"));

    m.mark("PLATE", Map.of("SN", "A2"), DONE);
    assertThat(sim.marks().lastValue("SN")).contains("A2");
  }

  @Test
  void theLateCompletionOfAnAbandonedMarkingIsNotTakenForTheNextOne() {
    sim.markingTime(Duration.ofMillis(300));
    LaserMarker m = connect(Wire.TCP, Framing.CRLF);
    m.selectJob("PLATE");
    m.startMarking();
    assertThatThrownBy(() -> m.awaitDone(Duration.ofMillis(20)))
        .isInstanceOfSatisfying(
            MarkerException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
    await().atMost(DONE).until(() -> sim.marks().count() == 1);
    sim.failNext("40");

    assertThatThrownBy(() -> m.mark("PLATE", Map.of("SN", "A2"), DONE))
        .isInstanceOfSatisfying(MarkerException.class, e -> assertThat(e.code()).isEqualTo("40"));
  }

  @Test
  void instantMarkingsAreReportedAfterTheirAcknowledgementEveryTime() {
    sim.markingTime(Duration.ZERO);
    LaserMarker m = connect(Wire.TCP, Framing.CRLF);
    for (int i = 0; i < 50; i++) {
      m.mark("PLATE", Map.of("SN", "A" + i), DONE);
    }
    assertThat(sim.marks().count()).isEqualTo(50);
  }

  @Test
  void aMarkerThatDoesNotAnswerTimesOutAndOneThatAnswersNonsenseIsAProtocolError() {
    SimEndpoint mute = SimEndpoint.tcp(0).serve((frame, link) -> {});
    SimEndpoint odd =
        SimEndpoint.tcp(0)
            .serve((frame, link) -> link.send(frame.equals("START") ? "ACK" : "ACK MAYBE"));
    try (AsciiMarker silent =
            new AsciiMarker(
                ReconnectingChannel.of(ChannelSettings.parse(mute.driverUri())),
                Duration.ofMillis(300));
        AsciiMarker nonsense =
            new AsciiMarker(
                ReconnectingChannel.of(ChannelSettings.parse(odd.driverUri())),
                Duration.ofMillis(300))) {
      assertThatThrownBy(silent::status)
          .isInstanceOfSatisfying(
              MarkerException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
                assertThat(e.getMessage()).contains("STATUS?").contains("127.0.0.1:" + mute.port());
              });
      assertThatThrownBy(nonsense::status)
          .isInstanceOfSatisfying(
              MarkerException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL));
      assertThatThrownBy(nonsense::startMarking)
          .isInstanceOfSatisfying(
              MarkerException.class, e -> assertThat(e.failureCode()).isEqualTo("MARKER_PROTOCOL"));
    } finally {
      mute.close();
      odd.close();
    }
  }

  @Test
  void theMarkerIsReachedAgainAfterItsServerRestarts() {
    LaserMarker m = connect(Wire.TCP, Framing.CRLF);
    m.mark("PLATE", Map.of("SN", "A1"), DONE);

    served.endpoint().stop();
    assertThatThrownBy(m::status)
        .isInstanceOfSatisfying(
            MarkerException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
    served.endpoint().start();

    marksAgainAfterOneReconnect(m);
  }

  @Test
  void theMarkerIsReachedAgainAfterItsPseudoTerminalIsRecreated() {
    LaserMarker m = connect(Wire.PTY, Framing.CRLF);
    m.mark("PLATE", Map.of("SN", "A1"), DONE);

    served.close();
    assertThatThrownBy(m::status)
        .isInstanceOfSatisfying(
            MarkerException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
    SocatPair again = SocatPair.start(served.pair().agentSide(), served.pair().deviceSide());
    served = new Wire.Served(SimEndpoint.pty(again).serve(sim), again);

    marksAgainAfterOneReconnect(m);
  }

  /** Once the marker answers again, {@code m} marks the next plate, having reconnected once. */
  private void marksAgainAfterOneReconnect(LaserMarker m) {
    await()
        .atMost(Duration.ofSeconds(15))
        .ignoreExceptionsInstanceOf(MarkerException.class)
        .until(() -> m.status().state() == MarkerStatus.State.READY);
    m.mark("PLATE", Map.of("SN", "A2"), DONE);
    assertThat(sim.marks().lastValue("SN")).contains("A2");
    assertThat(((AsciiMarker) m).reconnects()).isEqualTo(1);
  }
}
