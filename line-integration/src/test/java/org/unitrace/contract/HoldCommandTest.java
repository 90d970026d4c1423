package org.unitrace.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HoldCommandTest {

  @Test
  void aHoldTravelsOnItsUnitsTopicAndComesBackTheSame() {
    HoldCommand hold =
        new HoldCommand("SN/1+2#3%4", 42, "cell lot C-17 under review", "2026-12-06T10:15:30Z");

    String topic = hold.topic("AKL", "L1");

    assertThat(topic).isEqualTo("unitrace/command/v1/AKL/L1/hold/SN%2F1%2B2%233%254");
    assertThat(Topics.holdSerial(topic)).isEqualTo("SN/1+2#3%4");
    assertThat(HoldCommand.decode(topic, hold.encode())).contains(hold);
  }

  @Test
  void anEmptyRetainedMessageIsARelease() {
    assertThat(HoldCommand.decode("unitrace/command/v1/AKL/L1/hold/SN1", HoldCommand.release()))
        .isEmpty();
  }

  @Test
  void fieldsTheCoreAddsLaterAreIgnored() {
    byte[] body =
        "{\"serial\":\"SN1\",\"holdId\":7,\"reason\":\"r\",\"heldAt\":\"t\",\"campaign\":3}"
            .getBytes(StandardCharsets.UTF_8);

    assertThat(HoldCommand.decode("unitrace/command/v1/AKL/L1/hold/SN1", body))
        .contains(new HoldCommand("SN1", 7, "r", "t"));
  }

  @Test
  void whatIsNotAHoldCommandIsRefusedSayingWhatAndWhere() {
    String topic = "unitrace/command/v1/AKL/L1/hold/SN1";
    assertThatThrownBy(() -> HoldCommand.decode(topic, "held".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("hold command on " + topic + " is not JSON");
    assertThatThrownBy(
            () -> HoldCommand.decode(topic, "{\"holdId\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("holdId must be a whole number");
    assertThatThrownBy(
            () ->
                HoldCommand.decode(
                    topic, "{\"serial\":\"SN2\",\"holdId\":1}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("names unit 'SN2', its topic 'SN1'");
    assertThatThrownBy(() -> Topics.holdSerial("unitrace/v1/AKL/L1/ST10/StationResult"))
        .hasMessageContaining("is not a hold command topic");
    assertThatThrownBy(() -> Topics.holdSerial("unitrace/command/v1/AKL/L1/hold/SN%2"))
        .hasMessageContaining("'%' at 2 is not followed by two hex digits");
  }
}
