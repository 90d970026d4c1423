package org.unitrace.core.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.unitrace.contract.EventRejectedException;

class StorableTextTest {

  @Test
  void ordinaryTextAndWholeSurrogatePairsPass() {
    assertThatCode(
            () ->
                StorableText.check(
                    "{\"a\":\"plain\",\"b\":\"\\ud83d\\ude00 and 😀\",\"c\":[\"x\\\\u0000\"]}"
                        .getBytes(UTF_8)))
        .doesNotThrowAnyException();
  }

  @Test
  void aNulIsRefusedWithThePathOfItsField() {
    assertThatThrownBy(
            () -> StorableText.check("{\"payload\":{\"v\":[\"ok\",\"a\\u0000\"]}}".getBytes(UTF_8)))
        .isInstanceOf(EventRejectedException.class)
        .hasMessageContaining("$.payload.v[1]")
        .hasMessageContaining("NUL character (U+0000) at character 1");
  }

  @Test
  void aLoneSurrogateIsRefusedEscapedOrAsRawBytes() {
    assertThatThrownBy(() -> StorableText.check("{\"r\":\"x\\udc00\"}".getBytes(UTF_8)))
        .isInstanceOf(EventRejectedException.class)
        .hasMessageContaining("$.r")
        .hasMessageContaining("\\uDC00");
    byte[] raw = {'{', '"', 'r', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'};
    assertThatThrownBy(() -> StorableText.check(raw))
        .isInstanceOf(EventRejectedException.class)
        .hasMessageContaining("surrogate");
  }

  @Test
  void aNulInAFieldNameIsNamedPrintably() {
    assertThatThrownBy(() -> StorableText.check("{\"p\":{\"a\\u0000b\":1}}".getBytes(UTF_8)))
        .isInstanceOf(EventRejectedException.class)
        .hasMessageContaining("$.p.a\\u0000b")
        .hasMessageContaining("a field name");
  }

  @Test
  void whatIsNotJsonIsLeftToTheDecoder() {
    assertThatCode(() -> StorableText.check("{\"a\":\"\\u0000".getBytes(UTF_8)))
        .doesNotThrowAnyException();
  }
}
