package org.unitrace.core.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.unitrace.contract.Topics;
import org.unitrace.core.support.BrokerClient;
import org.unitrace.core.support.TestServers;

/**
 * What the line's agents are told: the retained hold commands on the line's topic, as a subscriber
 * on the real broker receives them (an empty message clears a hold).
 */
final class HoldTopics implements AutoCloseable {

  private final BrokerClient client;

  HoldTopics(String site, String line) throws MqttException {
    client = BrokerClient.connect(TestServers.mqttUrl(), null, null);
    client.subscribe(Topics.holdCommandFilter(site, line));
  }

  /** The serials held now, with the command that holds each. */
  Map<String, String> held() {
    Map<String, String> held = new HashMap<>();
    for (BrokerClient.Received command : client.received()) {
      String serial = command.topic().substring(command.topic().lastIndexOf('/') + 1);
      if (command.payload().isEmpty()) {
        held.remove(serial);
      } else {
        held.put(serial, command.payload());
      }
    }
    return held;
  }

  void expect(Set<String> serials) {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(held().keySet()).isEqualTo(serials));
  }

  @Override
  public void close() throws MqttException {
    client.close();
  }
}
