package org.unitrace.line.device.marker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.unitrace.line.device.ChannelSettings;

class AsciiMarkerProtocolTest {

  @Test
  void groupSeparatorsAndBackslashesAreEscapedAsTheProtocolDocumentSays() {
    assertThat(AsciiMarkerProtocol.escape("0109506000134352\u001D21SN000123\u001D10LOT-7"))
        .isEqualTo("0109506000134352\\x1D21SN000123\\x1D10LOT-7");
    assertThat(AsciiMarkerProtocol.escape("C:\\jobs")).isEqualTo("C:\\\\jobs");
    assertThat(AsciiMarkerProtocol.escape("\r\n\u0002\u0003\u007F"))
        .isEqualTo("\\x0D\\x0A\\x02\\x03\\x7F");
    assertThat(AsciiMarkerProtocol.escape("Größe 5°=ÿ")).isEqualTo("Größe 5°=ÿ");
  }

  @Test
  void everyLatin1TextSurvivesEscapingAndNoFramingByteIsLeft() {
    StringBuilder all = new StringBuilder();
    for (char c = 0; c <= 0xFF; c++) {
      all.append(c);
    }
    Random random = new Random(7);
    for (int i = 0; i < 1000; i++) {
      StringBuilder s = new StringBuilder(i == 0 ? all : "");
      for (int n = random.nextInt(40); n > 0; n--) {
        s.append((char) random.nextInt(0x100));
      }
      String escaped = AsciiMarkerProtocol.escape(s.toString());
      assertThat(escaped).doesNotContain("\r", "\n", "\u0002", "\u0003");
      assertThat(AsciiMarkerProtocol.unescape(escaped)).isEqualTo(s.toString());
    }
  }

  @Test
  void unescapingAcceptsLowerCaseHexAndNamesTheOffsetOfABadEscape() {
    assertThat(AsciiMarkerProtocol.unescape("01\\x1d21")).isEqualTo("01\u001D21");
    assertThatThrownBy(() -> AsciiMarkerProtocol.unescape("0123\\n"))
        .hasMessageContaining("offset 4");
    assertThatThrownBy(() -> AsciiMarkerProtocol.unescape("AB\\x1"))
        .hasMessageContaining("offset 2");
    assertThatThrownBy(() -> AsciiMarkerProtocol.unescape("AB\\xZZ"))
        .hasMessageContaining("offset 2");
    assertThatThrownBy(() -> AsciiMarkerProtocol.unescape("A\u001DB"))
        .hasMessageContaining("offset 1")
        .hasMessageContaining("\\x1D");
  }

  @Test
  void aCharacterBeyondLatin1IsRefusedWithItsOffset() {
    assertThatThrownBy(() -> AsciiMarkerProtocol.escape("SN€1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("U+20AC")
        .hasMessageContaining("offset 2");
  }

  @Test
  void namesAreShortTokens() {
    assertThat(AsciiMarkerProtocol.isName("PLATE_1.v2-a")).isTrue();
    assertThat(AsciiMarkerProtocol.isName("two words")).isFalse();
    assertThat(AsciiMarkerProtocol.isName("")).isFalse();
    assertThat(AsciiMarkerProtocol.isName("X".repeat(33))).isFalse();
  }

  @Test
  void anUnknownDriverNameListsTheKnownOnes() {
    ChannelSettings settings = ChannelSettings.parse("tcp://127.0.0.1:4001");
    assertThatThrownBy(() -> MarkerDrivers.create("videojet", settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("videojet")
        .hasMessageContaining("unitrace-ascii")
        .hasMessageContaining("127.0.0.1:4001");
    try (LaserMarker m = MarkerDrivers.create("unitrace-ascii", settings)) {
      assertThat(m.endpoint()).isEqualTo("127.0.0.1:4001");
    }
  }

  @Test
  void failureCodesNameTheKindOrTheMarkersCode() {
    assertThat(new MarkerException("m", MarkerException.Kind.ERROR, "10", "x").failureCode())
        .isEqualTo("MARKER_E10");
    assertThat(AsciiMarkerProtocol.Error.of("11")).contains(AsciiMarkerProtocol.Error.LASER_FAULT);
    assertThat(AsciiMarkerProtocol.Error.of("99")).isEmpty();
  }
}
