package org.unitrace.core.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
import org.unitrace.contract.Topics;
import org.unitrace.core.system.CoreProperties;

/**
 * One persistent MQTT 5 session of the core on the shared subscription: its Paho client, the
 * messages received on it, and the writers that store them in batches. A message is a pipeline:
 * Paho's thread decodes and checks it; {@code unitrace.mqtt.writers} writer threads, each with its
 * own database transactions, store the batches, one agent's events always on the same writer (so in
 * the order sent) while other agents' go in parallel; a message is acknowledged, on the connection
 * it came on, only after its batch has committed, and in the order received.
 *
 * <p>A session is either the instance's own (subscribed; kept by the broker while the instance is
 * away, so nothing published meanwhile is lost) or adopted from an instance that died: then it is
 * unsubscribed at once, so the broker routes nothing new to it, drained of what the broker had
 * queued or in flight for it, and ended ({@link #drainAndEnd}).
 */
final class MqttSession implements MqttCallback {

  private static final Logger log = LoggerFactory.getLogger(MqttSession.class);
  private static final long TIMEOUT_MS = 30_000;

  /** MQTT 5 reason code of a DISCONNECT sent because another client connected with our id. */
  private static final int SESSION_TAKEN_OVER = 0x8E;

  /** What a session tells the instance that runs it. */
  interface Owner {
    void connected(MqttSession session, boolean reconnect);

    void takenOver(MqttSession session);
  }

  /** A message as received, already decoded and checked on Paho's thread, off the writers'. */
  private static final class Received {
    final EventIngestor.Checked event;
    final int messageId;
    final int qos;
    final int connection;
    volatile boolean committed;

    Received(EventIngestor.Checked event, int messageId, int qos, int connection) {
      this.event = event;
      this.messageId = messageId;
      this.qos = qos;
      this.connection = connection;
    }
  }

  private final String clientId;
  private final boolean adopted;
  private final CoreProperties.Mqtt config;
  private final EventIngestor ingestor;
  private final Owner owner;
  private final List<BlockingQueue<Received>> queues = new ArrayList<>();

  /** Every message not acknowledged yet, in the order received: PUBACKs go out in that order. */
  private final ArrayDeque<Received> unacknowledged = new ArrayDeque<>();

  private final AtomicInteger connection = new AtomicInteger();
  private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());
  private final AtomicInteger inHand = new AtomicInteger();
  private final MqttAsyncClient client;
  private final List<Thread> writers = new ArrayList<>();
  private volatile boolean running = true;
  private volatile boolean everConnected;

  /** When the connection was lost (System.nanoTime), 0 while connected or never connected. */
  private volatile long downSince;

  MqttSession(
      String clientId,
      boolean adopted,
      CoreProperties.Mqtt config,
      EventIngestor ingestor,
      Owner owner) {
    this.clientId = clientId;
    this.adopted = adopted;
    this.config = config;
    this.ingestor = ingestor;
    this.owner = owner;
    try {
      client = new MqttAsyncClient(config.effectiveUrl(), clientId, new MemoryPersistence());
    } catch (MqttException e) {
      throw new IllegalStateException(
          "unitrace.mqtt.url '%s' or client id '%s' is not usable: %s"
              .formatted(config.effectiveUrl(), clientId, e.getMessage()),
          e);
    }
    client.setManualAcks(true);
    client.setCallback(this);
    for (int w = 0; w < config.writers(); w++) {
      BlockingQueue<Received> queue = new ArrayBlockingQueue<>(config.receiveMaximum() * 2);
      queues.add(queue);
      Thread writer = new Thread(() -> writeLoop(queue), "mqtt-ingest-" + clientId + "-w" + w);
      writer.setDaemon(true);
      writers.add(writer);
      writer.start();
    }
  }

  String clientId() {
    return clientId;
  }

  boolean adopted() {
    return adopted;
  }

  boolean connected() {
    return client.isConnected();
  }

  /** Whether the session was ever up: from then on Paho reconnects it by itself. */
  boolean everConnected() {
    return everConnected;
  }

  /** How long the connection has been lost, after it was up once; zero while it is up. */
  Duration down() {
    long since = downSince;
    return since == 0 || client.isConnected()
        ? Duration.ZERO
        : Duration.ofNanos(System.nanoTime() - since);
  }

  /** Connects (and, for an own session, subscribes); false when the broker cannot be reached. */
  boolean connect() {
    try {
      if (!client.isConnected()) { // connected, but (un)subscribing timed out: only that again
        client.connect(options()).waitForCompletion(TIMEOUT_MS);
      }
      if (adopted) {
        client.unsubscribe(subscription()).waitForCompletion(TIMEOUT_MS);
      } else {
        client.subscribe(new MqttSubscription(subscription(), 1)).waitForCompletion(TIMEOUT_MS);
      }
      everConnected = true;
      return true;
    } catch (MqttException e) {
      log.warn(
          "MQTT broker at {} not reachable as '{}': {}",
          config.effectiveUrl(),
          clientId,
          e.getMessage());
      return false;
    }
  }

  private String subscription() {
    return Topics.coreSubscription(config.shareGroup());
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
      options.setPassword(config.password().getBytes(StandardCharsets.UTF_8));
    }
    return options;
  }

  /** Publishes a retained QoS 1 message; false when the session is not connected. */
  boolean publishRetained(String topic, byte[] payload) {
    if (!client.isConnected()) {
      return false;
    }
    try {
      MqttMessage message = new MqttMessage(payload);
      message.setQos(1);
      message.setRetained(true);
      client.publish(topic, message);
      return true;
    } catch (MqttException e) {
      log.warn("Command to {} not published: {}", topic, e.getMessage());
      return false;
    }
  }

  @Override
  public void connectComplete(boolean reconnect, String serverUri) {
    everConnected = true;
    downSince = 0;
    if (reconnect) {
      try {
        if (adopted) {
          client.unsubscribe(subscription());
        } else {
          // harmless when the session kept the subscription
          client.subscribe(new MqttSubscription(subscription(), 1));
        }
      } catch (MqttException e) {
        log.error("Cannot (un)subscribe session '{}': {}", clientId, e.getMessage());
      }
    }
    log.info(
        "MQTT session '{}'{} {} to {}",
        clientId,
        adopted ? " (adopted)" : "",
        reconnect ? "reconnected" : "connected",
        serverUri);
    owner.connected(this, reconnect);
  }

  @Override
  public void messageArrived(String topic, MqttMessage message) throws InterruptedException {
    lastActivity.set(System.nanoTime());
    EventIngestor.Checked event = ingestor.check(Incoming.mqtt(topic, message.getPayload()));
    Received received = new Received(event, message.getId(), message.getQos(), connection.get());
    synchronized (unacknowledged) {
      unacknowledged.add(received);
    }
    // one agent's events always go to the same writer, so they are stored in the order sent;
    // blocks Paho's thread when that writer falls behind: back pressure up to the broker
    queues.get(writerOf(event, topic)).put(received);
  }

  private int writerOf(EventIngestor.Checked event, String topic) {
    String key = event.event() != null ? event.event().agentId() : topic;
    return Math.floorMod(key.hashCode(), queues.size());
  }

  private void writeLoop(BlockingQueue<Received> queue) {
    List<Received> batch = new ArrayList<>(config.batchSize());
    while (running) {
      try {
        Received first = queue.poll(1, TimeUnit.SECONDS);
        if (first == null) {
          continue;
        }
        inHand.incrementAndGet();
        try {
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
          batch.forEach(r -> r.committed = true);
          acknowledgeCommitted();
          batch.clear();
        } finally {
          inHand.decrementAndGet();
          lastActivity.set(System.nanoTime());
        }
      } catch (InterruptedException e) {
        return; // what is not acknowledged is delivered again to whoever holds the session next
      }
    }
  }

  /** The database being away is no reason to lose or skip events: try until it is back. */
  private void storeWithRetry(List<Received> batch) throws InterruptedException {
    List<EventIngestor.Checked> incoming = batch.stream().map(r -> r.event).toList();
    long backoffMs = 200;
    while (running) {
      try {
        ingestor.ingestChecked(incoming);
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
    throw new InterruptedException("session '" + clientId + "' stopped");
  }

  /**
   * Acknowledges, in the order received, every message whose batch has committed and that no
   * earlier uncommitted message holds back (MQTT wants PUBACKs in the order of the PUBLISHes; the
   * writers commit in any order).
   */
  private void acknowledgeCommitted() {
    int current = connection.get();
    synchronized (unacknowledged) {
      while (!unacknowledged.isEmpty() && unacknowledged.peekFirst().committed) {
        Received r = unacknowledged.pollFirst();
        if (r.qos == 0 || r.connection != current) {
          continue; // a message from a lost connection is delivered again on the new one
        }
        try {
          client.messageArrivedComplete(r.messageId, r.qos);
        } catch (MqttException e) {
          log.debug("Ack of message {} not sent: {}", r.messageId, e.getMessage());
        }
      }
    }
  }

  /**
   * Waits until nothing has arrived for {@code quiet} and nothing is in hand, then ends the session
   * at the broker (DISCONNECT with session expiry 0). Used for an unsubscribed session only: the
   * broker routes nothing new to it, so once it is quiet its queue is empty.
   */
  void drainAndEnd(Duration quiet) throws InterruptedException {
    while (running) {
      boolean idle = queues.stream().allMatch(BlockingQueue::isEmpty) && inHand.get() == 0;
      long silentNanos = System.nanoTime() - lastActivity.get();
      if (idle && client.isConnected() && silentNanos >= quiet.toNanos()) {
        break;
      }
      Thread.sleep(100);
    }
    running = false;
    for (Thread writer : writers) {
      writer.join(TIMEOUT_MS);
    }
    try {
      MqttProperties end = new MqttProperties();
      end.setSessionExpiryInterval(0L);
      client.disconnect(5_000, null, null, 0, end).waitForCompletion(10_000);
    } catch (MqttException e) {
      log.warn("Session '{}' not ended cleanly: {}", clientId, e.getMessage());
    }
    close();
  }

  /**
   * Stops taking messages and leaves the session at the broker as it is: the batch in hand commits
   * and is acknowledged; what is not acknowledged goes again to whoever holds the session next.
   */
  void stop(boolean graceful) {
    running = false;
    long deadline = System.nanoTime() + (graceful ? 10_000_000_000L : 2_000_000_000L);
    for (Thread writer : writers) {
      if (!graceful) {
        writer.interrupt(); // a retry's back-off or a wait for the queue ends at once
      }
      try {
        // bounded either way: a writer stuck in a database call must not hold up the stop
        writer.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      writer.interrupt();
    }
    try {
      if (graceful && client.isConnected()) {
        client.disconnect().waitForCompletion(5_000);
      } else {
        client.disconnectForcibly(0, 1_000, false);
      }
    } catch (MqttException e) {
      log.debug("Session '{}' did not disconnect cleanly: {}", clientId, e.getMessage());
    }
    close();
  }

  private void close() {
    try {
      client.close(true);
    } catch (MqttException e) {
      log.debug("Session '{}' did not close cleanly: {}", clientId, e.getMessage());
    }
  }

  @Override
  public void disconnected(MqttDisconnectResponse response) {
    connection.incrementAndGet();
    downSince = System.nanoTime();
    log.warn("MQTT session '{}' disconnected: {}", clientId, response);
    if (response != null && response.getReturnCode() == SESSION_TAKEN_OVER) {
      owner.takenOver(this);
    }
  }

  @Override
  public void mqttErrorOccurred(MqttException exception) {
    log.warn("MQTT error on session '{}': {}", clientId, exception.getMessage());
  }

  @Override
  public void deliveryComplete(IMqttToken token) {}

  @Override
  public void authPacketArrived(int reasonCode, MqttProperties properties) {}
}
