package org.unitrace.core.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.unitrace.contract.Topics;
import org.unitrace.core.system.CommandChannel;
import org.unitrace.core.system.CoreProperties;

/**
 * Takes events from the broker: a persistent MQTT 5 session (clean start off, session expiry set)
 * on the shared subscription {@link Topics#coreSubscription}, QoS 1, with manual acknowledgements.
 * A message is acknowledged only after the batch that holds it is committed; if the core dies
 * first, the broker delivers it again, and the ledger stores it once.
 */
@Component
class MqttIngestion implements SmartLifecycle, MqttCallback, CommandChannel {

  private final ApplicationEventPublisher events;

  private static final Logger log = LoggerFactory.getLogger(MqttIngestion.class);

  private final CoreProperties.Mqtt config;
  private final EventIngestor ingestor;
  private final BlockingQueue<Received> queue;
  private static final long CONNECT_TIMEOUT_MS = 30_000;

  private final AtomicInteger connection = new AtomicInteger();
  private volatile MqttAsyncClient client;
  private volatile Thread writer;
  private volatile boolean running;

  @Override
  public boolean publishRetained(String topic, byte[] payload) {
    MqttAsyncClient c = client;
    if (c == null || !c.isConnected()) {
      return false;
    }
    try {
      MqttMessage message = new MqttMessage(payload);
      message.setQos(1);
      message.setRetained(true);
      c.publish(topic, message);
      return true;
    } catch (MqttException e) {
      log.warn("Command to {} not published: {}", topic, e.getMessage());
      return false;
    }
  }

  MqttIngestion(
      CoreProperties properties, EventIngestor ingestor, ApplicationEventPublisher events) {
    this.config = properties.mqtt();
    this.ingestor = ingestor;
    this.events = events;
    this.queue = new ArrayBlockingQueue<>(config.receiveMaximum() * 2);
  }

  /**
   * A message as received, with the number of the connection it came on: the number goes up at
   * every disconnect, and an ack only goes out on the connection its message came on.
   */
  private record Received(String topic, byte[] payload, int messageId, int qos, int connection) {}

  @Override
  public void start() {
    if (!config.enabled()) {
      log.info("MQTT ingestion is disabled (unitrace.mqtt.enabled=false)");
      return;
    }
    try {
      client =
          new MqttAsyncClient(config.effectiveUrl(), config.clientId(), new MemoryPersistence());
    } catch (MqttException e) {
      throw new IllegalStateException(
          "unitrace.mqtt.url '%s' or client id '%s' is not usable: %s"
              .formatted(config.effectiveUrl(), config.clientId(), e.getMessage()),
          e);
    }
    client.setManualAcks(true);
    client.setCallback(this);
    running = true;
    writer = new Thread(this::writeLoop, "mqtt-ingest-writer");
    writer.setDaemon(true);
    writer.start();
    if (!connectAndSubscribe()) {
      // a broker that is down at start is no reason not to start: keep trying in the background
      Thread connector = new Thread(this::connectUntilConnected, "mqtt-ingest-connect");
      connector.setDaemon(true);
      connector.start();
    }
  }

  /** Connected and subscribed, so nothing sent after start() returns is missed. */
  private boolean connectAndSubscribe() {
    try {
      client.connect(options()).waitForCompletion(CONNECT_TIMEOUT_MS);
      client
          .subscribe(new MqttSubscription(Topics.coreSubscription(config.shareGroup()), 1))
          .waitForCompletion(CONNECT_TIMEOUT_MS);
      return true;
    } catch (MqttException e) {
      log.warn(
          "MQTT broker at {} not reachable as '{}': {}; retrying",
          config.effectiveUrl(),
          config.clientId(),
          e.getMessage());
      return false;
    }
  }

  private void connectUntilConnected() {
    long backoffMs = 1000;
    while (running && !client.isConnected()) {
      try {
        Thread.sleep(backoffMs);
      } catch (InterruptedException e) {
        return;
      }
      if (connectAndSubscribe()) {
        return;
      }
      backoffMs = Math.min(backoffMs * 2, 30_000);
    }
  }

  /** Whether the session with the broker is up (for the health endpoint). */
  boolean connected() {
    MqttAsyncClient c = client;
    return c != null && c.isConnected();
  }

  private MqttConnectionOptions options() {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(false);
    options.setSessionExpiryInterval(config.sessionExpiry().toSeconds());
    options.setReceiveMaximum(config.receiveMaximum());
    options.setAutomaticReconnect(true);
    options.setAutomaticReconnectDelay(1, 30);
    options.setKeepAliveInterval(30);
    if (config.username() != null) {
      options.setUserName(config.username());
    }
    if (config.password() != null) {
      options.setPassword(config.password().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return options;
  }

  @Override
  public void connectComplete(boolean reconnect, String serverUri) {
    try {
      // subscribing again is harmless when the session kept the subscription
      client.subscribe(new MqttSubscription(Topics.coreSubscription(config.shareGroup()), 1));
      log.info("MQTT ingestion {} to {}", reconnect ? "reconnected" : "connected", serverUri);
      events.publishEvent(new CommandChannel.Connected());
    } catch (MqttException e) {
      log.error("Cannot subscribe for {}: {}", config.shareGroup(), e.getMessage());
    }
  }

  @Override
  public void messageArrived(String topic, MqttMessage message) throws InterruptedException {
    // blocks Paho's thread when the writer falls behind: back pressure up to the broker
    queue.put(
        new Received(
            topic, message.getPayload(), message.getId(), message.getQos(), connection.get()));
  }

  private void writeLoop() {
    List<Received> batch = new ArrayList<>(config.batchSize());
    while (running) {
      try {
        Received first = queue.poll(1, TimeUnit.SECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        long deadline = System.nanoTime() + config.batchLinger().toNanos();
        while (batch.size() < config.batchSize()) {
          Received next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
          if (next == null) {
            break;
          }
          batch.add(next);
        }
        storeWithRetry(batch);
        acknowledge(batch);
        batch.clear();
      } catch (InterruptedException e) {
        return; // what is not acknowledged is delivered again after a restart
      }
    }
  }

  /** The database being away is no reason to lose or skip events: try until it is back. */
  private void storeWithRetry(List<Received> batch) throws InterruptedException {
    List<Incoming> incoming =
        batch.stream().map(r -> Incoming.mqtt(r.topic(), r.payload())).toList();
    long backoffMs = 200;
    while (true) {
      try {
        ingestor.ingest(incoming);
        return;
      } catch (RuntimeException e) {
        log.warn(
            "Storing a batch of {} MQTT events failed, retrying in {} ms: {}",
            batch.size(),
            backoffMs,
            e.toString());
        Thread.sleep(backoffMs);
        backoffMs = Math.min(backoffMs * 2, 10_000);
      }
    }
  }

  private void acknowledge(List<Received> batch) {
    int current = connection.get();
    for (Received r : batch) {
      if (r.qos() == 0 || r.connection() != current) {
        continue; // a message from a lost connection is delivered again on the new one
      }
      try {
        client.messageArrivedComplete(r.messageId(), r.qos());
      } catch (MqttException e) {
        log.debug("Ack of message {} not sent: {}", r.messageId(), e.getMessage());
      }
    }
  }

  @Override
  public void disconnected(MqttDisconnectResponse response) {
    connection.incrementAndGet();
    log.warn("MQTT ingestion disconnected: {}", response);
  }

  @Override
  public void mqttErrorOccurred(MqttException exception) {
    log.warn("MQTT error: {}", exception.getMessage());
  }

  @Override
  public void deliveryComplete(IMqttToken token) {}

  @Override
  public void authPacketArrived(int reasonCode, MqttProperties properties) {}

  @Override
  public void stop() {
    running = false;
    if (writer != null) {
      try {
        writer.join(10_000); // let the batch in hand commit and be acknowledged
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      writer.interrupt();
    }
    if (client != null) {
      try {
        if (client.isConnected()) {
          client.disconnect().waitForCompletion(5_000);
        }
        client.close();
      } catch (MqttException e) {
        log.debug("MQTT client did not close cleanly: {}", e.getMessage());
      }
      client = null;
    }
  }

  @Override
  public boolean isRunning() {
    return client != null;
  }
}
