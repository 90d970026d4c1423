package org.unitrace.core.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StartupBannerTest {

  private static CoreProperties.Mqtt mqtt(String url, boolean enabled) {
    return new CoreProperties.Mqtt(
        url,
        null,
        null,
        enabled,
        "mes-core-1",
        "mes-core",
        "127.0.0.1",
        11883,
        Duration.ofDays(7),
        1000,
        262144,
        1000,
        1,
        2,
        Duration.ofSeconds(10),
        Duration.ofSeconds(3));
  }

  @Test
  void theBannerNamesTheBrokerAgentsUseOrSaysMqttIsOff() {
    assertThat(StartupBanner.broker(mqtt(null, true)))
        .isEqualTo("MQTT 5 tcp://127.0.0.1:11883 (embedded broker)");
    assertThat(StartupBanner.broker(mqtt("tcp://broker:1883", true)))
        .isEqualTo("MQTT 5 tcp://broker:1883");
    assertThat(StartupBanner.broker(mqtt(null, false)))
        .isEqualTo("MQTT off (unitrace.mqtt.enabled=false): events over HTTP only");
  }
}
