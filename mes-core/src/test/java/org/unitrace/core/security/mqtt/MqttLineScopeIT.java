package org.unitrace.core.security.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.eclipse.paho.mqttv5.common.packet.MqttReturnCode.RETURN_CODE_MAX_QOS_1;
import static org.eclipse.paho.mqttv5.common.packet.MqttReturnCode.RETURN_CODE_NOT_AUTHORIZED;
import static org.eclipse.paho.mqttv5.common.packet.MqttReturnCode.RETURN_CODE_SUCCESS;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventCodec;
import org.unitrace.contract.Topics;
import org.unitrace.core.support.BrokerClient;
import org.unitrace.core.support.BrokerClient.Received;
import org.unitrace.core.support.TestEvents;
import org.unitrace.core.support.TestServers;

/**
 * A line's edge agent publishes only under its own line and reads only its own commands: the broker
 * enforces it as {@code deploy/mosquitto/} sets it up (users and ACL written by the real scripts),
 * and mes-core, connected with its own user, dead-letters what only it can see: an event that
 * claims in its body another line than the topic it came on.
 *
 * <p>Mosquitto 2.0 answers an MQTT 5 client as follows: a refused CONNECT with CONNACK 0x87 (also
 * for a wrong password, not 0x86); a refused QoS 1 PUBLISH with PUBACK 0x87, which Paho reports
 * only in the token's reason codes (no exception), the connection staying up as long as {@code
 * max_queued_messages} is not 0 (see unitrace.conf); a SUBSCRIBE to a topic the client may not read
 * with a granted SUBACK, "read" being applied to each delivery instead.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class MqttLineScopeIT {

  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final String SITE = "AKL";
  private static final String CORE = "mes-core";
  private static final String CORE_PASSWORD = UUID.randomUUID().toString();

  /** A second core user, with the same rights, for the test's own subscriber. */
  private static final String OBSERVER = "mes-core-observer";

  /** A third core user, whose session the observer adopts. */
  private static final String DEAD_CORE = "mes-core-dead";

  private static final String L1 = "edge-AKL-L1";
  private static final String L1_PASSWORD = UUID.randomUUID().toString();
  private static final String L2 = "edge-AKL-L2";
  private static final String L1_COMMANDS = "unitrace/command/v1/AKL/L1/";
  private static final String L2_COMMANDS = "unitrace/command/v1/AKL/L2/";

  private static final TestEvents l1Events = new TestEvents(SITE, "L1", L1);

  private static DeployedBroker broker;
  private static String observerPassword;
  private static String deadCorePassword;
  private static String l2Password;

  private final EventCodec codec = new EventCodec();

  @Autowired private JdbcTemplate jdbc;

  @BeforeAll
  static void startTheBrokerAsDeployed() throws Exception {
    assumeTrue(
        DeployedBroker.installed(),
        "mosquitto and mosquitto_passwd are not on the PATH (apt-get install mosquitto)");
    broker = DeployedBroker.in(Path.of("target", "mqtt-line-scope", TestServers.unique("")));
    broker.addCore(CORE_PASSWORD);
    observerPassword = DeployedBroker.generatedPassword(broker.addCore("--user", OBSERVER));
    deadCorePassword = DeployedBroker.generatedPassword(broker.addCore("--user", DEAD_CORE));
    broker.addAgent(SITE, "L1", L1_PASSWORD);
    l2Password = DeployedBroker.generatedPassword(broker.addAgent(SITE, "L2"));
    broker.start();
  }

  @DynamicPropertySource
  static void coreOnTheDeployedBroker(DynamicPropertyRegistry registry) {
    String db = TestServers.createDatabase();
    String group = TestServers.unique("it-");
    registry.add("unitrace.db.url", () -> db);
    registry.add("unitrace.mqtt.url", () -> broker.coreUrl());
    registry.add("unitrace.mqtt.username", () -> CORE);
    registry.add("unitrace.mqtt.password", () -> CORE_PASSWORD);
    registry.add("unitrace.mqtt.client-id", () -> CORE);
    registry.add("unitrace.mqtt.share-group", () -> group);
    registry.add("unitrace.mqtt.session-expiry", () -> "PT2M");
    registry.add("unitrace.data-dir", () -> "target/it-data/" + group);
  }

  /** Stops the broker when the context closes, after mes-core has disconnected from it. */
  @TestConfiguration
  static class BrokerAfterTheCore {

    @Bean
    DisposableBean stopTheDeployedBroker() {
      return () -> broker.close();
    }
  }

  @Test
  void aClientWithoutUserNameIsRefused() {
    assertThatThrownBy(() -> BrokerClient.connect(broker.agentUrl(), null, null))
        .isInstanceOfSatisfying(
            MqttException.class,
            e -> assertThat(e.getReasonCode()).isEqualTo(RETURN_CODE_NOT_AUTHORIZED));
  }

  @Test
  void anAgentWithAWrongPasswordIsRefused() {
    assertThatThrownBy(() -> BrokerClient.connect(broker.agentUrl(), L1, l2Password))
        .isInstanceOfSatisfying(
            MqttException.class,
            e -> assertThat(e.getReasonCode()).isEqualTo(RETURN_CODE_NOT_AUTHORIZED));
  }

  @Test
  void anAgentCannotPublishUnderAnotherLine() throws Exception {
    Event intruder =
        new TestEvents(SITE, "L2", L1).serialized(TestServers.unique("SN-"), "CTRL-900", "RUN-1");
    Event own = l1Events.serialized(TestServers.unique("SN-"), "CTRL-900", "RUN-1");
    try (var observer = BrokerClient.connect(broker.coreUrl(), OBSERVER, observerPassword)) {
      assertThat(observer.subscribe("unitrace/v1/#")).isEqualTo(RETURN_CODE_MAX_QOS_1);
      try (var agent = BrokerClient.connect(broker.agentUrl(), L1, L1_PASSWORD)) {
        assertThat(agent.publish(Topics.topicOf(intruder), codec.encode(intruder)))
            .isEqualTo(RETURN_CODE_NOT_AUTHORIZED);
        // refused, not disconnected: the next publish on the same connection goes through
        assertThat(agent.publish(Topics.topicOf(own), codec.encode(own)))
            .isEqualTo(RETURN_CODE_SUCCESS);
      }

      // the broker forwards one client's messages in order: the refused one would be in by now
      await().atMost(PATIENCE).until(() -> carries(observer.received(), own));
      assertThat(observer.receivedTopics()).noneMatch(t -> t.startsWith("unitrace/v1/AKL/L2/"));
    }
    await().atMost(PATIENCE).until(() -> stored(own));
    assertThat(stored(intruder)).isFalse();
    assertThat(deadLetterReasons(intruder)).isEmpty();
  }

  @Test
  void anAgentPublishesUnderItsOwnLineAndTheCoreStoresIt() throws Exception {
    Event event = l1Events.serialized(TestServers.unique("SN-"), "CTRL-900", "RUN-2");
    try (var observer = BrokerClient.connect(broker.coreUrl(), OBSERVER, observerPassword);
        var agent = BrokerClient.connect(broker.agentUrl(), L1, L1_PASSWORD)) {
      observer.subscribe("unitrace/v1/AKL/L1/#");
      assertThat(agent.publish(Topics.topicOf(event), codec.encode(event)))
          .isEqualTo(RETURN_CODE_SUCCESS);
      await().atMost(PATIENCE).until(() -> carries(observer.received(), event));
    }
    await().atMost(PATIENCE).until(() -> stored(event));
  }

  @Test
  void anAgentReceivesItsOwnCommandsButNotAnotherLines() throws Exception {
    try (var core = BrokerClient.connect(broker.coreUrl(), OBSERVER, observerPassword);
        var l1 = BrokerClient.connect(broker.agentUrl(), L1, L1_PASSWORD);
        var l2 = BrokerClient.connect(broker.agentUrl(), L2, l2Password)) {
      assertThat(l1.subscribe(L1_COMMANDS + "#")).isEqualTo(RETURN_CODE_MAX_QOS_1);
      // Mosquitto 2.0 grants any SUBSCRIBE and checks "read" per message; a refusal would do too
      assertThat(l1.subscribe(L2_COMMANDS + "#"))
          .isIn(RETURN_CODE_MAX_QOS_1, RETURN_CODE_NOT_AUTHORIZED);
      assertThat(l1.subscribe("unitrace/command/v1/#"))
          .isIn(RETURN_CODE_MAX_QOS_1, RETURN_CODE_NOT_AUTHORIZED);
      assertThat(l2.subscribe(L2_COMMANDS + "#")).isEqualTo(RETURN_CODE_MAX_QOS_1);

      assertThat(core.publish(L2_COMMANDS + "hold", "for L2")).isEqualTo(RETURN_CODE_SUCCESS);
      assertThat(core.publish(L1_COMMANDS + "hold", "for L1")).isEqualTo(RETURN_CODE_SUCCESS);

      await().atMost(PATIENCE).until(() -> l2.receivedTopics().contains(L2_COMMANDS + "hold"));
      await().atMost(PATIENCE).until(() -> l1.receivedTopics().contains(L1_COMMANDS + "hold"));
      assertThat(l1.receivedTopics()).containsOnly(L1_COMMANDS + "hold");
    }
  }

  @Test
  void anAgentCanNeitherSendCommandsNorReadEvents() throws Exception {
    Event event = l1Events.serialized(TestServers.unique("SN-"), "CTRL-900", "RUN-3");
    try (var observer = BrokerClient.connect(broker.coreUrl(), OBSERVER, observerPassword);
        var l1 = BrokerClient.connect(broker.agentUrl(), L1, L1_PASSWORD);
        var l2 = BrokerClient.connect(broker.agentUrl(), L2, l2Password)) {
      observer.subscribe("unitrace/#");
      l2.subscribe("unitrace/#");

      assertThat(l1.publish(L1_COMMANDS + "hold", "forged")).isEqualTo(RETURN_CODE_NOT_AUTHORIZED);
      assertThat(l1.publish(L2_COMMANDS + "hold", "forged")).isEqualTo(RETURN_CODE_NOT_AUTHORIZED);
      assertThat(l1.publish(Topics.topicOf(event), codec.encode(event)))
          .isEqualTo(RETURN_CODE_SUCCESS);

      await().atMost(PATIENCE).until(() -> carries(observer.received(), event));
      assertThat(observer.receivedTopics()).containsOnly(Topics.topicOf(event));
      // what L2 may read, sent last: once it is in, anything routed to L2 before would be too
      assertThat(observer.publish(L2_COMMANDS + "resume", "for L2")).isEqualTo(RETURN_CODE_SUCCESS);
      await().atMost(PATIENCE).until(() -> !l2.received().isEmpty());
      assertThat(l2.receivedTopics()).containsOnly(L2_COMMANDS + "resume");
    }
  }

  @Test
  void anEventClaimingAnotherLineOnTheAgentsOwnTopicIsDeadLettered() throws Exception {
    Event claimsL2 =
        new TestEvents(SITE, "L2", L1).serialized(TestServers.unique("SN-"), "CTRL-900", "RUN-4");
    String ownTopic = Topics.topicOf(SITE, "L1", claimsL2.station(), claimsL2.type());
    Event correct = l1Events.serialized(TestServers.unique("SN-"), "CTRL-900", "RUN-4");
    try (var agent = BrokerClient.connect(broker.agentUrl(), L1, L1_PASSWORD)) {
      // the broker lets it through: the topic is the agent's own, the body is not its business
      assertThat(agent.publish(ownTopic, codec.encode(claimsL2))).isEqualTo(RETURN_CODE_SUCCESS);
      assertThat(agent.publish(Topics.topicOf(correct), codec.encode(correct)))
          .isEqualTo(RETURN_CODE_SUCCESS);
    }
    await().atMost(PATIENCE).until(() -> stored(correct));
    await().atMost(PATIENCE).until(() -> !deadLetterReasons(claimsL2).isEmpty());
    assertThat(deadLetterReasons(claimsL2))
        .singleElement()
        .asString()
        .contains("came on topic '" + ownTopic + "'");
    assertThat(stored(claimsL2)).isFalse();
  }

  @Test
  void anAgentCannotLogInOnTheCoreListener() {
    assertThatThrownBy(() -> BrokerClient.connect(broker.coreUrl(), L1, L1_PASSWORD))
        .isInstanceOfSatisfying(
            MqttException.class,
            e -> assertThat(e.getReasonCode()).isEqualTo(RETURN_CODE_NOT_AUTHORIZED));
  }

  @Test
  void aCoreCannotLogInOnTheAgentListener() {
    assertThatThrownBy(() -> BrokerClient.connect(broker.agentUrl(), OBSERVER, observerPassword))
        .isInstanceOfSatisfying(
            MqttException.class,
            e -> assertThat(e.getReasonCode()).isEqualTo(RETURN_CODE_NOT_AUTHORIZED));
  }

  /** What a live mes-core instance does with the session of one that died. */
  @Test
  void aCoreAdoptsAnotherCoresSessionWithWhatWasQueuedInIt() throws Exception {
    try (var dead =
        BrokerClient.connect(broker.coreUrl(), DEAD_CORE, DEAD_CORE, deadCorePassword, false)) {
      dead.subscribe("unitrace/v1/AKL/L1/#");
    }
    List<Event> queued =
        List.of(
            l1Events.serialized(TestServers.unique("SN-"), "CTRL-900", "RUN-6"),
            l1Events.serialized(TestServers.unique("SN-"), "CTRL-900", "RUN-6"));
    try (var agent = BrokerClient.connect(broker.agentUrl(), L1, L1_PASSWORD)) {
      for (Event e : queued) {
        assertThat(agent.publish(Topics.topicOf(e), codec.encode(e)))
            .isEqualTo(RETURN_CODE_SUCCESS);
      }
    }
    try (var adopter =
        BrokerClient.connect(broker.coreUrl(), DEAD_CORE, OBSERVER, observerPassword, false)) {
      assertThat(adopter.sessionPresent()).isTrue();
      await()
          .atMost(PATIENCE)
          .until(() -> queued.stream().allMatch(e -> carries(adopter.received(), e)));
    }
  }

  @Test
  void anAgentSendingAnotherClientsIdGetsASessionOfItsOwn() throws Exception {
    try (var away =
        BrokerClient.connect(broker.coreUrl(), OBSERVER, OBSERVER, observerPassword, false)) {
      away.subscribe("unitrace/v1/AKL/L1/#");
    }
    List<Event> whileAway =
        List.of(
            l1Events.serialized(TestServers.unique("SN-"), "CTRL-900", "RUN-5"),
            l1Events.serialized(TestServers.unique("SN-"), "CTRL-900", "RUN-5"));
    try (var agent = BrokerClient.connect(broker.agentUrl(), L1, L1_PASSWORD)) {
      for (Event e : whileAway) {
        assertThat(agent.publish(Topics.topicOf(e), codec.encode(e)))
            .isEqualTo(RETURN_CODE_SUCCESS);
      }
    }
    // without use_username_as_clientid, this would take the observer's session and the broker
    // would delete the events queued in it, which this user may not read
    try (var impostor = BrokerClient.connect(broker.agentUrl(), OBSERVER, L2, l2Password, false)) {
      assertThat(impostor.sessionPresent()).isFalse();
    }
    try (var back =
        BrokerClient.connect(broker.coreUrl(), OBSERVER, OBSERVER, observerPassword, false)) {
      assertThat(back.sessionPresent()).isTrue();
      await()
          .atMost(PATIENCE)
          .until(() -> whileAway.stream().allMatch(e -> carries(back.received(), e)));
    }
  }

  private static boolean carries(List<Received> received, Event event) {
    return received.stream().anyMatch(r -> r.payload().contains(event.eventId().toString()));
  }

  private boolean stored(Event event) {
    return jdbc.queryForObject(
            "SELECT count(*) FROM event WHERE event_id = ?", Integer.class, event.eventId())
        > 0;
  }

  private List<String> deadLetterReasons(Event event) {
    return jdbc.queryForList(
        "SELECT reason FROM dead_letter WHERE event_id = ?", String.class, event.eventId());
  }
}
