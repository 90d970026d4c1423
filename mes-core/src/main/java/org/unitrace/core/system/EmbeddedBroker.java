package org.unitrace.core.system;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * An in-process MQTT 5 broker (HiveMQ CE, shared subscriptions included) for the embedded default;
 * started only when no {@code unitrace.mqtt.url} is configured. It starts in an early lifecycle
 * phase, before the ingestion client connects, and keeps its sessions under {@code data/mqtt}.
 */
@Component
class EmbeddedBroker implements SmartLifecycle {

  /** Before {@code MqttIngestion} (default phase) connects. */
  static final int PHASE = Integer.MAX_VALUE / 2 - 100;

  private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);

  private final CoreProperties properties;
  private EmbeddedHiveMQ broker;

  EmbeddedBroker(CoreProperties properties) {
    this.properties = properties;
  }

  @Override
  public void start() {
    CoreProperties.Mqtt mqtt = properties.mqtt();
    if (!mqtt.embedded() || !mqtt.enabled()) {
      return;
    }
    try {
      Path root = properties.dataDir().resolve("mqtt").toAbsolutePath();
      Path conf = Files.createDirectories(root.resolve("conf"));
      Files.createDirectories(root.resolve("extensions"));
      Files.writeString(conf.resolve("config.xml"), config(mqtt));
      broker =
          EmbeddedHiveMQ.builder()
              .withConfigurationFolder(conf)
              .withDataFolder(Files.createDirectories(root.resolve("data")))
              .withExtensionsFolder(root.resolve("extensions"))
              .withoutLoggingBootstrap()
              .build();
      broker.start().join();
      log.info("Embedded MQTT 5 broker on {}", mqtt.effectiveUrl());
    } catch (IOException e) {
      throw new IllegalStateException("Cannot prepare the embedded MQTT broker: " + e, e);
    }
  }

  /**
   * Offline sessions keep up to a million queued messages, so a core that was down for a while
   * loses nothing its agents sent meanwhile.
   */
  private static String config(CoreProperties.Mqtt mqtt) {
    return """
        <?xml version="1.0"?>
        <hivemq>
          <listeners>
            <tcp-listener>
              <port>%d</port>
              <bind-address>%s</bind-address>
            </tcp-listener>
          </listeners>
          <mqtt>
            <queued-messages>
              <max-queue-size>1000000</max-queue-size>
              <strategy>discard</strategy>
            </queued-messages>
          </mqtt>
          <anonymous-usage-statistics>
            <enabled>false</enabled>
          </anonymous-usage-statistics>
        </hivemq>
        """
        .formatted(mqtt.embeddedPort(), mqtt.embeddedHost());
  }

  @Override
  public void stop() {
    if (broker != null) {
      broker.stop().join();
      broker = null;
    }
  }

  @Override
  public boolean isRunning() {
    return broker != null;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
