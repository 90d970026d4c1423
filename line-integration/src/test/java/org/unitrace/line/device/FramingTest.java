package org.unitrace.line.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FramingTest {

  private static void feed(FrameDecoder d, String s) {
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    d.feed(b, 0, b.length);
  }

  @Test
  void crlfFramesAreCutWhereverTheBytesArriveSplit() {
    FrameDecoder d = Framing.of("crlf").decoder();
    feed(d, "ACK\r");
    assertThat(d.next()).isEmpty();
    feed(d, "\nDONE\r\nBU");
    assertThat(d.next()).contains("ACK");
    assertThat(d.next()).contains("DONE");
    assertThat(d.next()).isEmpty();
  }

  @Test
  void stxEtxFramesDropNoiseBetweenFramesAndKeepGroupSeparators() {
    FrameDecoder d = Framing.of("stx-etx").decoder();
    feed(d, "noise\u0002]d2010950600013435\u001D10ABC\u0003junk\u0002NOREAD\u0003");
    assertThat(d.next()).contains("]d2010950600013435\u001D10ABC");
    assertThat(d.next()).contains("NOREAD");
  }

  @Test
  void encodingAddsTheFramingBytes() {
    assertThat(new String(Framing.of("cr").encode("MARK"), StandardCharsets.ISO_8859_1))
        .isEqualTo("MARK\r");
    assertThat(new String(Framing.of("stx-etx").encode("T"), StandardCharsets.ISO_8859_1))
        .isEqualTo("\u0002T\u0003");
  }

  @Test
  void channelUrisParseAndBadKeysAreNamed() {
    ChannelSettings tcp = ChannelSettings.parse("tcp://10.0.0.5:4001?framing=stx-etx");
    assertThat(tcp.endpoint()).isEqualTo("10.0.0.5:4001");
    assertThat(tcp.framing()).isEqualTo(Framing.of("stx-etx"));
    ChannelSettings serial = ChannelSettings.parse("serial:/dev/ttyUSB0?baud=9600&framing=crlf");
    assertThat(serial.endpoint()).isEqualTo("/dev/ttyUSB0");
    assertThatThrownBy(() -> ChannelSettings.parse("serial:/dev/ttyUSB0?bauds=9600"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bauds");
  }
}
