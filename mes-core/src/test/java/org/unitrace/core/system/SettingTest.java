package org.unitrace.core.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettingTest {

  @Test
  void aValueOutsideItsRangeIsRefusedWithTheKeyTheRangeAndTheValue() {
    assertThatThrownBy(() -> Setting.within("unitrace.mqtt.clients", 0, 1, 64))
        .hasMessage("unitrace.mqtt.clients must be 1 to 64, was 0");
    assertThatThrownBy(() -> Setting.within("unitrace.mqtt.clients", 65, 1, 64))
        .hasMessage("unitrace.mqtt.clients must be 1 to 64, was 65");
    assertThatCode(() -> Setting.within("unitrace.mqtt.clients", 64, 1, 64))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> Setting.atLeast("unitrace.ingest.max-event-bytes", 1023, 1024))
        .hasMessage("unitrace.ingest.max-event-bytes must be at least 1024, was 1023");
  }

  @Test
  void durationsAreCheckedAgainstTheirBounds() {
    assertThatThrownBy(() -> Setting.positive("unitrace.query.timeout", Duration.ZERO))
        .hasMessage("unitrace.query.timeout must be a positive duration (e.g. PT5S), was PT0S");
    assertThatThrownBy(() -> Setting.positive("unitrace.query.timeout", null))
        .hasMessageContaining("was null");
    assertThatThrownBy(
            () ->
                Setting.atLeast(
                    "unitrace.integration.files.lease",
                    Duration.ofSeconds(29),
                    Duration.ofSeconds(30)))
        .hasMessage("unitrace.integration.files.lease must be at least PT30S, was PT29S");
    assertThatThrownBy(
            () ->
                Setting.upTo(
                    "unitrace.security.password-cache.ttl",
                    Duration.ofMinutes(61),
                    Duration.ofHours(1)))
        .hasMessage(
            "unitrace.security.password-cache.ttl must be between PT0S and PT1H, was PT1H1M");
    assertThatCode(
            () ->
                Setting.upTo(
                    "unitrace.security.password-cache.ttl", Duration.ZERO, Duration.ofHours(1)))
        .doesNotThrowAnyException();
  }

  @Test
  void theWaitDoublesFromTheFirstUpToTheBound() {
    Duration first = Duration.ofSeconds(10);
    Duration max = Duration.ofMinutes(1);
    assertThat(Setting.doubling(first, max, 1)).isEqualTo(first);
    assertThat(Setting.doubling(first, max, 2)).isEqualTo(Duration.ofSeconds(20));
    assertThat(Setting.doubling(first, max, 3)).isEqualTo(Duration.ofSeconds(40));
    assertThat(Setting.doubling(first, max, 4)).isEqualTo(max);
    assertThat(Setting.doubling(first, max, 10_000)).isEqualTo(max);
  }
}
