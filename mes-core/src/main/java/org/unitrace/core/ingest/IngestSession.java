package org.unitrace.core.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unitrace.contract.Topics;
import org.unitrace.core.system.CoreProperties;
import org.unitrace.line.mqtt.MqttEndpoint;
import org.unitrace.line.mqtt.MqttSession;
import org.unitrace.line.mqtt.MqttSessionException;

/**
 * One persistent MQTT 5 session of the core on the shared subscription, as a pipeline: the shared
 * session layer ({@link MqttSession}: options, reconnects, acknowledgements in the order received)
 * hands each message over on Paho's thread, where it is decoded and checked; {@code
 * unitrace.mqtt.writers} writers ({@link IngestWriter}), each with its own database transactions,
 * store the batches, one agent's events always on the same writer (so in the order sent) while
 * other agents' go in parallel; a message is finished only after its batch has committed, and the
 * layer sends the PUBACKs in the order received.
 *
 * <p>A session is either the instance's own (subscribed; kept by the broker while the instance is
 * away, so nothing published meanwhile is lost) or adopted from an instance that died: then it is
 * unsubscribed at once, so the broker routes nothing new to it, drained of what the broker had
 * queued or in flight for it, and ended ({@link #drainAndEnd}).
 */
final class IngestSession implements MqttSession.Handler {

  private static final Logger log = LoggerFactory.getLogger(IngestSession.class);
  private static final Duration STOP_PATIENCE = Duration.ofSeconds(10);
  private static final Duration CRASH_PATIENCE = Duration.ofSeconds(2);
  private static final Duration PUBLISH_PATIENCE = Duration.ofSeconds(30);

  /** What a session tells the instance that runs it. */
  interface Owner {
    void connected(IngestSession session, boolean reconnect);

    void takenOver(IngestSession session);
  }

  private final String clientId;
  private final boolean adopted;
  private final EventIngestor ingestor;
  private final Owner owner;
  private final MqttSession session;
  private final List<IngestWriter> writers = new ArrayList<>();
  private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());
  private volatile boolean running = true;

  IngestSession(
      String clientId,
      boolean adopted,
      CoreProperties.Mqtt config,
      EventIngestor ingestor,
      Owner owner) {
    this.clientId = clientId;
    this.adopted = adopted;
    this.ingestor = ingestor;
    this.owner = owner;
    session =
        new MqttSession(
                endpoint(config, clientId),
                "MQTT session '" + clientId + "'" + (adopted ? " (adopted)" : ""),
                this)
            .manualAcks();
    String subscription = Topics.coreSubscription(config.shareGroup());
    if (adopted) {
      session.unsubscribe(subscription);
    } else {
      session.subscribe(subscription, 1);
    }
    for (int w = 0; w < config.writers(); w++) {
      writers.add(
          new IngestWriter(
              "mqtt-ingest-" + clientId + "-w" + w,
              config.receiveMaximum() * 2,
              config.batchSize(),
              ingestor,
              session,
              () -> running,
              () -> lastActivity.set(System.nanoTime())));
    }
  }

  private static MqttEndpoint endpoint(CoreProperties.Mqtt config, String clientId) {
    try {
      return MqttEndpoint.of(config.effectiveUrl(), clientId)
          .withCredentials(
              config.username(), config.password() == null ? null : config.password().toCharArray())
          .withSessionExpiry(config.sessionExpiry())
          .withReceiveMaximum(config.receiveMaximum());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "unitrace.mqtt.url '%s' or client id '%s' is not usable: %s"
              .formatted(config.effectiveUrl(), clientId, e.getMessage()),
          e);
    }
  }

  String clientId() {
    return clientId;
  }

  boolean adopted() {
    return adopted;
  }

  boolean connected() {
    return session.isConnected();
  }

  /**
   * Connects now when the broker answers (and, for an own session, subscribes, so nothing sent
   * after this returns is missed); either way the session layer keeps it up from then on, with its
   * back-off while the broker is away. True when connected now.
   */
  boolean open() {
    boolean now = session.connectNow();
    if (!now) {
      session.start();
    }
    return now;
  }

  /**
   * Publishes a retained QoS 1 message; false when the session is not connected. A burst (a recall
   * holds thousands of units) waits, up to {@link #PUBLISH_PATIENCE}, while the broker's receive
   * maximum of unacknowledged publishes is reached.
   */
  boolean publishRetained(String topic, byte[] payload) {
    long deadline = System.nanoTime() + PUBLISH_PATIENCE.toNanos();
    while (true) {
      try {
        session.publish(topic, payload, 1, true, null);
        return true;
      } catch (MqttSessionException e) {
        if (!e.tooManyInFlight() || System.nanoTime() > deadline) {
          log.warn("Command to {} not published: {}", topic, e.getMessage());
          return false;
        }
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  @Override
  public void connected(boolean reconnect) {
    lastActivity.set(System.nanoTime());
    owner.connected(this, reconnect);
  }

  @Override
  public boolean takenOver() {
    owner.takenOver(this);
    return false; // the session has a new holder: reconnecting would take it back
  }

  @Override
  public void message(MqttSession.Message message) throws InterruptedException {
    lastActivity.set(System.nanoTime());
    EventIngestor.Checked event = ingestor.check(Incoming.mqtt(message.topic(), message.payload()));
    // one agent's events always go to the same writer, so they are stored in the order sent
    String key = event.event() != null ? event.event().agentId() : message.topic();
    writers
        .get(Math.floorMod(key.hashCode(), writers.size()))
        .put(new IngestWriter.Received(event, message));
  }

  /**
   * Waits until nothing has arrived for {@code quiet} and nothing is in hand, then ends the session
   * at the broker (DISCONNECT with session expiry 0). Used for an unsubscribed session only: the
   * broker routes nothing new to it, so once it is quiet its queue is empty. False when the session
   * was stopped first: then it is left at the broker, not ended.
   */
  boolean drainAndEnd(Duration quiet) throws InterruptedException {
    while (true) {
      if (!running) {
        return false;
      }
      boolean idle = writers.stream().allMatch(IngestWriter::idle);
      long silentNanos = System.nanoTime() - lastActivity.get();
      if (idle && session.isConnected() && silentNanos >= quiet.toNanos()) {
        break;
      }
      Thread.sleep(100);
    }
    running = false;
    for (IngestWriter writer : writers) {
      writer.join(STOP_PATIENCE, false);
    }
    session.end();
    return true;
  }

  /**
   * Stops taking messages and leaves the session at the broker as it is: the batch in hand commits
   * and is acknowledged; what is not acknowledged goes again to whoever holds the session next.
   *
   * @param graceful false to drop the batch in hand at once, as a crash would
   */
  void stop(boolean graceful) {
    running = false;
    long deadline = System.nanoTime() + (graceful ? STOP_PATIENCE : CRASH_PATIENCE).toNanos();
    for (IngestWriter writer : writers) {
      try {
        // bounded either way: a writer stuck in a database call must not hold up the stop
        writer.join(Duration.ofNanos(deadline - System.nanoTime()), !graceful);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    session.stop(graceful);
  }
}
