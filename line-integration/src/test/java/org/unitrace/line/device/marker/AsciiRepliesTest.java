package org.unitrace.line.device.marker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.unitrace.line.device.marker.MarkerException.Kind;
import org.unitrace.line.device.marker.MarkerStatus.State;

class AsciiRepliesTest {

  private static final String AT = "10.0.0.5:4001";

  @Test
  void statusRepliesBecomeStatesWithTheMarkersCodeAndWords() {
    assertThat(AsciiReplies.status(AT, "READY")).isEqualTo(MarkerStatus.ready());
    assertThat(AsciiReplies.status(AT, "BUSY warming up"))
        .isEqualTo(new MarkerStatus(State.BUSY, null, "warming up"));
    assertThat(AsciiReplies.status(AT, "ERROR 10 interlock open"))
        .isEqualTo(new MarkerStatus(State.ERROR, "10", "interlock open"));
  }

  @Test
  void aStatusTheProtocolDoesNotKnowIsAProtocolErrorNamingTheMarker() {
    assertThatThrownBy(() -> AsciiReplies.status(AT, "SLEEPING"))
        .isInstanceOfSatisfying(
            MarkerException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
        .hasMessageContaining(AT)
        .hasMessageContaining("SLEEPING");
    assertThatThrownBy(() -> AsciiReplies.status(AT, "ERROR"))
        .isInstanceOfSatisfying(
            MarkerException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL));
  }

  @Test
  void aNakIsBusyForCode01AndOtherwiseAnErrorKeepingTheCode() {
    MarkerException busy = AsciiReplies.refused(AT, "START", "NAK 01 busy");
    assertThat(busy.kind()).isEqualTo(Kind.BUSY);
    assertThat(busy.failureCode()).isEqualTo("MARKER_BUSY");

    MarkerException bad = AsciiReplies.refused(AT, "VAR DM=secret", "NAK 22");
    assertThat(bad.kind()).isEqualTo(Kind.ERROR);
    assertThat(bad.code()).isEqualTo("22");
    assertThat(bad.getMessage()).contains("VAR refused: error 22 bad variable value");
    assertThat(bad.getMessage()).doesNotContain("secret");

    assertThat(AsciiReplies.refused(AT, "START", "NAK").kind()).isEqualTo(Kind.PROTOCOL);
  }

  @Test
  void aFailedMarkingKeepsTheCodeOfItsErrReport() {
    MarkerException e = AsciiReplies.failed(AT, "17", "11 laser fault");
    assertThat(e.failureCode()).isEqualTo("MARKER_E11");
    assertThat(e.getMessage()).isEqualTo(AT + ": marking 17 failed: error 11 laser fault");
  }
}
