package org.unitrace.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeadLetterViewTest {

  @Test
  void aLongFieldIsCutWithAnEllipsisAndASurrogatePairStaysWhole() {
    assertThat(DeadLetterView.clip("abcdef", 6)).isEqualTo("abcdef");
    assertThat(DeadLetterView.clip("abcdefg", 6)).isEqualTo("abcdef…");
    assertThat(DeadLetterView.clip("abcde\uD83D\uDE00x", 6)).isEqualTo("abcde…");
    assertThat(DeadLetterView.clip(null, 6)).isNull();
  }

  @Test
  void thePreviewShowsControlAndInvisibleCharactersAsReplacements() {
    byte[] raw = "{\"a\":\"x\u0007y\u202Ez\u200Bw\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(DeadLetterView.preview(raw, raw.length))
        .isEqualTo("{\"a\":\"x\uFFFDy\uFFFDz\uFFFDw\"}");
  }

  @Test
  void aCharacterCutByTheEndOfThePreviewIsDroppedNotShownAsGarbage() {
    byte[] euro = "ab€".getBytes(StandardCharsets.UTF_8); // € is three bytes
    byte[] cut = java.util.Arrays.copyOf(euro, 4);
    assertThat(DeadLetterView.preview(cut, 100)).isEqualTo("ab");
    assertThat(DeadLetterView.preview(euro, euro.length)).isEqualTo("ab€");
  }

  @Test
  void bytesThatAreNotUtf8AreShownAsReplacements() {
    byte[] latin1 = {'c', 'a', 'f', (byte) 0xE9, '!'};
    assertThat(DeadLetterView.preview(latin1, latin1.length)).isEqualTo("caf\uFFFD!");
  }
}
