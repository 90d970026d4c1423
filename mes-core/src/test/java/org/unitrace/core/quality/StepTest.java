package org.unitrace.core.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StepTest {

  @Test
  void stepsMayMoveForwardAndSkip() {
    assertThat(Step.NOTIFIED.refusal(Step.RETURNED)).isNull();
    assertThat(Step.NOTIFIED.refusal(Step.SCRAPPED)).isNull();
    assertThat(Step.INSPECTED.refusal(Step.REPLACED)).isNull();
    assertThat(Step.REPAIRED.refusal(Step.CLOSED)).isNull();
  }

  @Test
  void nothingFollowsClosed() {
    for (Step next : Step.values()) {
      assertThat(Step.CLOSED.refusal(next)).contains("no step follows CLOSED");
    }
  }

  @Test
  void aStepBackTheSameStepOrASecondOutcomeIsRefusedSayingWhy() {
    assertThat(Step.INSPECTED.refusal(Step.RETURNED))
        .isEqualTo("it is INSPECTED already and RETURNED comes before that");
    assertThat(Step.RETURNED.refusal(Step.RETURNED)).isEqualTo("it is RETURNED already");
    assertThat(Step.REPAIRED.refusal(Step.SCRAPPED)).contains("one outcome per unit");
  }

  @Test
  void anUnknownStepNamesTheChoices() {
    assertThat(Step.parse(" notified ")).isEqualTo(Step.NOTIFIED);
    assertThatThrownBy(() -> Step.parse("FIXED"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'step' must be one of [NOTIFIED")
        .hasMessageContaining("'FIXED'");
    assertThatThrownBy(() -> Step.parse(null)).hasMessageContaining("'step' is required");
  }
}
