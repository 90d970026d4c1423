package org.unitrace.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SerialCharsetTest {

  /** GS1 General Specifications, figure 7.11-1: the 82 characters of CSET 82. */
  private static final String CSET_82 =
      "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

  private static final ObjectMapper JSON = new ObjectMapper();
  private final EventCodec codec = new EventCodec();

  @Test
  void allowsExactlyTheEightyTwoCharactersOfCset82() {
    assertThat(CSET_82).hasSize(82);
    String allowed =
        IntStream.range(0, 0x3000)
            .filter(SerialCharset::allows)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    assertThat(allowed).isEqualTo(CSET_82);
  }

  @Test
  void everyCset82CharacterPassesTheCodecInEverySerialField() {
    for (String serial : new String[] {CSET_82.substring(0, 41), CSET_82.substring(41), "SN/1"}) {
      assertThat(codec.decode(bound(serial, serial)).payload().unitSerial()).isEqualTo(serial);
      assertThat(codec.decode(serialized(serial)).payload().unitSerial()).isEqualTo(serial);
    }
  }

  @Test
  void lookAlikesAreRejectedNamingTheFieldAndTheCodePoint() {
    assertRejected(serialized("SN000\uFF11"), "$.payload.serial", "U+FF11", "offset 5");
    assertRejected(serialized("\u0405N0001"), "$.payload.serial", "U+0405", "CYRILLIC");
    assertRejected(serialized("SN0001\u200B"), "$.payload.serial", "U+200B", "ZERO WIDTH SPACE");
    assertRejected(serialized("SN0001\u00A0"), "$.payload.serial", "U+00A0", "NO-BREAK SPACE");
    assertRejected(serialized("SN 1"), "$.payload.serial", "U+0020", "SPACE");
    assertRejected(serialized("SN\\1"), "$.payload.serial", "'\\' U+005C", "REVERSE SOLIDUS");
    assertRejected(serialized(".."), "$.payload.serial", "'..' is not a serial", "URL");
    assertRejected(bound("SN-1", "PCB#7"), "$.payload.componentSerial", "U+0023", "offset 3");
    assertRejected(bound("SN\u00C41", "PCB-7"), "$.payload.unitSerial", "U+00C4", "offset 2");
  }

  @Test
  void overlongUtf8IsRejectedNotDecoded() throws IOException {
    // "SN" C0 AF "1": an overlong '/', which a lenient decoder reads as "SN/1"
    byte[] json = serialized("SN@1").getBytes(StandardCharsets.UTF_8);
    int at = new String(json, StandardCharsets.ISO_8859_1).indexOf("SN@1") + 2;
    ByteArrayOutputStream overlong = new ByteArrayOutputStream();
    overlong.write(json, 0, at);
    overlong.write(new byte[] {(byte) 0xC0, (byte) 0xAF});
    overlong.write(json, at + 1, json.length - at - 1);

    EventRejectedException rejected =
        catchThrowableOfType(
            EventRejectedException.class, () -> codec.decode(overlong.toByteArray()));

    assertThat(rejected).isNotNull();
    assertThat(rejected.path()).isEqualTo("$");
    assertThat(rejected.reason()).contains("not UTF-8", "C0", "offset " + at);
    assertThat(JSON.readTree(overlong.toByteArray()).path("payload").path("serial").asText())
        .as("Jackson alone decodes the overlong form, which is why bytes go through StrictUtf8")
        .isEqualTo("SN/1");
  }

  private void assertRejected(String json, String path, String... reasonParts) {
    EventRejectedException rejected =
        catchThrowableOfType(
            EventRejectedException.class,
            () -> codec.decode(json.getBytes(StandardCharsets.UTF_8)));
    assertThat(rejected).as("rejection of %s", json).isNotNull();
    assertThat(rejected.path()).as(rejected.getMessage()).isEqualTo(path);
    assertThat(rejected.reason()).contains(reasonParts);
  }

  private static String serialized(String serial) {
    return event(
        new EventPayload.UnitSerialized("SN-PLACEHOLDER", "CTRL-900", "C", "WO-4711"),
        p -> p.put("serial", serial));
  }

  private static String bound(String unit, String component) {
    return event(
        new EventPayload.ComponentBound("U", "PCB-17", "C", null, null, null, null),
        p -> p.put("unitSerial", unit).put("componentSerial", component));
  }

  private static String event(EventPayload payload, java.util.function.Consumer<ObjectNode> edit) {
    try {
      ObjectNode tree =
          (ObjectNode) JSON.readTree(new EventCodec().encode(EventSamples.of(payload)));
      edit.accept((ObjectNode) tree.get("payload"));
      return tree.toString();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
