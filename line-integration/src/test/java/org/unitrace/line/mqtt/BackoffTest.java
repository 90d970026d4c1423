package org.unitrace.line.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void waitsDoubleUpToTheMaximumAndStartOverAfterAReset() {
    Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(3));

    assertThat(backoff.nextMillis()).isEqualTo(500);
    assertThat(backoff.nextMillis()).isEqualTo(1_000);
    assertThat(backoff.nextMillis()).isEqualTo(2_000);
    assertThat(backoff.nextMillis()).isEqualTo(3_000);
    assertThat(backoff.nextMillis()).isEqualTo(3_000);
    backoff.reset();
    assertThat(backoff.nextMillis()).isEqualTo(500);
  }

  @Test
  void aMaximumBelowTheFirstWaitIsRefused() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT2S");
  }
}
