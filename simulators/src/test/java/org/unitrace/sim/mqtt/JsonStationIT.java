package org.unitrace.sim.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JsonStationIT {

  @Test
  void aCycleAndAStateChangeArriveAsJsonOnTheirTopics() throws Exception {
    String prefix = "plant/it-" + UUID.randomUUID().toString().substring(0, 8) + "/ST10";
    try (var received = new Received(prefix + "/#");
        var station = JsonStation.connect(Received.brokerUrl(), prefix)) {
      station.setState(1, null);
      station.completeCycle("U-9", true, null, Map.of("Torque", 12.1));

      await().atMost(Duration.ofSeconds(10)).until(() -> !received.on(prefix + "/cycle").isEmpty());
      var json = new ObjectMapper();
      var cycle = json.readTree(received.on(prefix + "/cycle").get(0).payload());
      assertThat(cycle.get("counter").asLong()).isEqualTo(1);
      assertThat(cycle.get("result").asText()).isEqualTo("OK");
      assertThat(cycle.get("failureCode").isNull()).isTrue();
      assertThat(cycle.get("unit").asText()).isEqualTo("U-9");
      assertThat(cycle.get("values").get("Torque").asDouble()).isEqualTo(12.1);
      assertThat(cycle.get("state").asText()).isEqualTo("RUNNING");
      assertThat(cycle.get("ts").asText()).isNotBlank();
      var state = json.readTree(received.on(prefix + "/state").get(0).payload());
      assertThat(state.get("state").asText()).isEqualTo("RUNNING");
    }
  }
}
