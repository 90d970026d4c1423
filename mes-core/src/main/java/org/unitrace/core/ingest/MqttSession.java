package org.unitrace.core.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unitrace.contract.Topics;
import org.unitrace.core.system.CoreProperties;
import org.unitrace.line.mqtt.Backoff;
import org.unitrace.line.mqtt.MqttEndpoint;
import org.unitrace.line.mqtt.MqttSessionException;

/**
 * One persistent MQTT 5 session of the core on the shared subscription: its Paho client, the
 * messages received on it, and the writer thread that stores them in batches and acknowledges each
 * message, on the connection it came on, only after its batch has committed.
 *
 * <p>The connection is the shared session layer's ({@link org.unitrace.line.mqtt.MqttSession}):
 * options, resubscription, manual acknowledgements and reconnects live there.
 *
 * <p>A session is either the instance's own (subscribed; kept by the broker while the instance is
 * away, so nothing published meanwhile is lost) or adopted from an instance that died: then it is
 * unsubscribed at once, so the broker routes nothing new to it, drained of what the broker had
 * queued or in flight for it, and ended ({@link #drainAndEnd}).
 */
final class MqttSession implements org.unitrace.line.mqtt.MqttSession.Handler {

  private static final Logger log = LoggerFactory.getLogger(MqttSession.class);
  private static final long TIMEOUT_MS = 30_000;

  /** What a session tells the instance that runs it. */
  interface Owner {
    void connected(MqttSession session, boolean reconnect);

    void takenOver(MqttSession session);
  }

  private final String clientId;
  private final boolean adopted;
  private final CoreProperties.Mqtt config;
  private final EventIngestor ingestor;
  private final Owner owner;
  private final BlockingQueue<org.unitrace.line.mqtt.MqttSession.Message> queue;
  private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());
  private final AtomicInteger inHand = new AtomicInteger();
  private final org.unitrace.line.mqtt.MqttSession client;
  private final Thread writer;
  private volatile boolean running = true;
  private volatile boolean everConnected;

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
    this.queue = new ArrayBlockingQueue<>(config.receiveMaximum() * 2);
    MqttEndpoint endpoint;
    try {
      endpoint =
          MqttEndpoint.of(config.effectiveUrl(), clientId)
              .withCredentials(
                  config.username(),
                  config.password() == null ? null : config.password().toCharArray())
              .withSessionExpiry(config.sessionExpiry())
              .withReceiveMaximum(config.receiveMaximum());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "unitrace.mqtt.url '%s' or client id '%s' is not usable: %s"
              .formatted(config.effectiveUrl(), clientId, e.getMessage()),
          e);
    }
    client =
        new org.unitrace.line.mqtt.MqttSession(
                endpoint, "MQTT session '" + clientId + "'" + (adopted ? " (adopted)" : ""), this)
            .manualAcks();
    if (adopted) {
      client.unsubscribe(subscription());
    } else {
      client.subscribe(subscription(), 1);
    }
    writer = new Thread(this::writeLoop, "mqtt-ingest-" + clientId);
    writer.setDaemon(true);
    writer.start();
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

  /** Whether the session was ever up: from then on the session layer reconnects it by itself. */
  boolean everConnected() {
    return everConnected;
  }

  /** Connects (and, for an own session, subscribes); false when the broker cannot be reached. */
  boolean connect() {
    return client.connectNow();
  }

  private String subscription() {
    return Topics.coreSubscription(config.shareGroup());
  }

  /** Publishes a retained QoS 1 message; false when the session is not connected. */
  boolean publishRetained(String topic, byte[] payload) {
    try {
      client.publish(topic, payload, 1, true, null);
      return true;
    } catch (MqttSessionException e) {
      log.warn("Command to {} not published: {}", topic, e.getMessage());
      return false;
    }
  }

  @Override
  public void connected(boolean reconnect) {
    everConnected = true;
    owner.connected(this, reconnect);
  }

  @Override
  public boolean takenOver() {
    owner.takenOver(this);
    return false; // the session has a new holder: reconnecting would take it back
  }

  @Override
  public void message(org.unitrace.line.mqtt.MqttSession.Message message)
      throws InterruptedException {
    lastActivity.set(System.nanoTime());
    // blocks Paho's thread when the writer falls behind: back pressure up to the broker
    queue.put(message);
  }

  private void writeLoop() {
    List<org.unitrace.line.mqtt.MqttSession.Message> batch = new ArrayList<>(config.batchSize());
    while (running) {
      try {
        var first = queue.poll(1, TimeUnit.SECONDS);
        if (first == null) {
          continue;
        }
        inHand.incrementAndGet();
        try {
          batch.add(first);
          long deadline = System.nanoTime() + config.batchLinger().toNanos();
          while (batch.size() < config.batchSize()) {
            var next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (next == null) {
              break;
            }
            batch.add(next);
          }
          storeWithRetry(batch);
          acknowledge(batch);
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
  private void storeWithRetry(List<org.unitrace.line.mqtt.MqttSession.Message> batch)
      throws InterruptedException {
    List<Incoming> incoming =
        batch.stream().map(r -> Incoming.mqtt(r.topic(), r.payload())).toList();
    Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));
    while (running) {
      try {
        ingestor.ingest(incoming);
        return;
      } catch (RuntimeException e) {
        long wait = backoff.nextMillis();
        log.warn(
            "Storing a batch of {} MQTT events failed, retrying in {} ms: {}",
            batch.size(),
            wait,
            e.toString());
        Thread.sleep(wait);
      }
    }
    throw new InterruptedException("session '" + clientId + "' stopped");
  }

  private void acknowledge(List<org.unitrace.line.mqtt.MqttSession.Message> batch) {
    batch.forEach(client::ack); // one from a lost connection is delivered again on the new one
  }

  /**
   * Waits until nothing has arrived for {@code quiet} and nothing is in hand, then ends the session
   * at the broker (DISCONNECT with session expiry 0). Used for an unsubscribed session only: the
   * broker routes nothing new to it, so once it is quiet its queue is empty.
   */
  void drainAndEnd(Duration quiet) throws InterruptedException {
    while (running) {
      boolean idle = queue.isEmpty() && inHand.get() == 0;
      long silentNanos = System.nanoTime() - lastActivity.get();
      if (idle && client.isConnected() && silentNanos >= quiet.toNanos()) {
        break;
      }
      Thread.sleep(100);
    }
    running = false;
    writer.join(TIMEOUT_MS);
    client.end();
  }

  /**
   * Stops taking messages and leaves the session at the broker as it is: the batch in hand commits
   * and is acknowledged; what is not acknowledged goes again to whoever holds the session next.
   */
  void stop(boolean graceful) {
    running = false;
    try {
      writer.join(graceful ? 10_000 : 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writer.interrupt();
    client.stop(graceful);
  }
}
