package org.unitrace.edge.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import lombok.RequiredArgsConstructor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unitrace.line.DaemonThreads;
import org.unitrace.line.mqtt.MqttEndpoint;
import org.unitrace.line.mqtt.MqttSession;
import org.unitrace.line.mqtt.MqttSessionException;

/**
 * Drains an {@link Outbox} to an MQTT 5 broker at QoS 1, oldest first, with up to {@code
 * maxInFlight} events awaiting their PUBACK. An event leaves the outbox only once the broker has
 * acknowledged it, so a broker outage or a crash means a later delivery (and, at worst, a second
 * copy the core drops by {@code eventId}), never a lost one. One thread publishes and records
 * acknowledgements.
 *
 * <p>The connection is an {@link MqttSession}: after a loss it reconnects (the session kept by the
 * broker) and the forwarder publishes again from the oldest unacknowledged event in the outbox.
 *
 * <p>The outbox wakes the forwarder when a commit lands, so an event goes out as soon as it is on
 * disk; acknowledgements are recorded by the outbox's writer with its next group, so the forwarder
 * never waits for a disk sync between publishes.
 */
public final class MqttForwarder implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MqttForwarder.class);
  private static final Signal WAKE = new Wake();
  private static final int NO_MATCHING_SUBSCRIBERS = 0x10;
  private static final long NO_SUBSCRIBER_PAUSE_MILLIS = 1_000;
  private static final long IDLE_MILLIS = 100;
  private static final Duration DRAIN_ON_STOP = Duration.ofSeconds(5);

  private final Outbox outbox;
  private final ForwarderSettings settings;
  private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();

  /** Events awaiting their PUBACK on the current connection, oldest first. */
  private final Set<UUID> inFlight = new LinkedHashSet<>();

  /** Acknowledged by the broker, not yet marked sent on disk: not published again meanwhile. */
  private final Set<UUID> marking = new HashSet<>();

  private volatile boolean running;
  private volatile boolean paused;
  private volatile String commandFilter;
  private volatile java.util.function.BiConsumer<String, byte[]> commandHandler;
  private volatile boolean noSubscriber;
  private volatile MqttSession session;
  private volatile long acknowledged;
  private long generation; // the session's connection, so a stale failure cannot touch a newer one
  private Thread worker;

  public MqttForwarder(Outbox outbox, ForwarderSettings settings) {
    this.outbox = outbox;
    this.settings = settings;
    outbox.onCommitted(this::wake);
  }

  /**
   * Commands for this agent ride on the same connection (a broker that ties client ids to users
   * allows one session per agent): the filter is subscribed at QoS 1 on every connect, and each
   * message goes to {@code handler} on Paho's thread.
   */
  public synchronized void onCommands(
      String filter, java.util.function.BiConsumer<String, byte[]> handler) {
    this.commandFilter = filter;
    this.commandHandler = handler;
  }

  /** Connects (retrying until the broker answers) and starts draining the outbox. */
  public synchronized void start() {
    if (running) {
      return;
    }
    session = newSession();
    generation = -1;
    inFlight.clear();
    marking.clear();
    signals.clear();
    running = true;
    worker = DaemonThreads.start("outbox-forwarder-" + settings.clientId(), this::run);
  }

  /** Nudges the forwarder: something may be waiting to go (the outbox does it on every commit). */
  public void wake() {
    signals.offer(WAKE);
  }

  /**
   * Holds back new publishes (what is in flight still settles), while another path drains the
   * backlog; events keep their order because only one path sends at a time.
   */
  public void pause(boolean pause) {
    paused = pause;
    if (!pause) {
      wake();
    }
  }

  /** Events published and acknowledged since start. */
  public long acknowledged() {
    return acknowledged;
  }

  public boolean isConnected() {
    MqttSession s = session;
    return s != null && s.isConnected();
  }

  /**
   * Stops publishing, waits briefly for the PUBACKs of what is in flight, and disconnects. What is
   * still unacknowledged stays in the outbox for the next start.
   */
  public synchronized void stop() {
    if (!running) {
      return;
    }
    running = false;
    wake();
    try {
      worker.join(DRAIN_ON_STOP.toMillis() + 5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    session.stop(true);
  }

  @Override
  public void close() {
    stop();
  }

  private void run() {
    session.start();
    while (running) {
      try {
        if (!session.isConnected()) {
          settle(IDLE_MILLIS);
          continue;
        }
        if (session.connection() != generation) {
          generation = session.connection();
          inFlight.clear(); // unacknowledged on the old connection: they go again, oldest first
        }
        settle(0);
        if (noSubscriber) {
          waitForSubscriber();
          continue;
        }
        if (!publishMore()) {
          settle(IDLE_MILLIS);
        }
      } catch (RuntimeException e) { // the disk, or an event this build cannot read back
        log.error("Forwarding paused, retrying in a second: {}", e.getMessage(), e);
        settleQuietly(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    drainInFlight();
  }

  /**
   * After a "no matching subscribers" answer: let what is in flight settle, then pause before
   * publishing again from the oldest unacknowledged event, so the order is kept.
   */
  private void waitForSubscriber() throws InterruptedException {
    long deadline = System.nanoTime() + NO_SUBSCRIBER_PAUSE_MILLIS * 1_000_000;
    while (!inFlight.isEmpty() && System.nanoTime() < deadline && session.isConnected()) {
      settle(IDLE_MILLIS);
    }
    long left = (deadline - System.nanoTime()) / 1_000_000;
    if (left > 0) {
      Thread.sleep(left);
    }
    noSubscriber = false;
  }

  /** Publishes the oldest pending events not yet in flight, up to the window; false if none. */
  private boolean publishMore() {
    int room = settings.maxInFlight() - inFlight.size();
    if (room <= 0 || paused) {
      return false;
    }
    boolean published = false;
    for (Outbox.Stored event : outbox.pendingStored(inFlight.size() + marking.size() + room)) {
      if (inFlight.size() >= settings.maxInFlight()) {
        break;
      }
      if (!running || inFlight.contains(event.eventId()) || marking.contains(event.eventId())) {
        continue;
      }
      UUID id = event.eventId();
      inFlight.add(id);
      try {
        session.publish(event.topic(), event.body(), 1, false, new Ack(id, generation));
        published = true;
      } catch (MqttSessionException e) {
        // disconnected or the broker's receive maximum reached: stop here to keep the order
        inFlight.remove(id);
        log.debug("Publish of event {} deferred: {}", id, e.getMessage());
        break;
      }
    }
    return published;
  }

  /**
   * Waits up to {@code millis} for the broker's answers and hands every acknowledged event to the
   * outbox to be marked sent, without waiting for the disk.
   */
  private void settle(long millis) throws InterruptedException {
    Signal first = signals.poll(millis, TimeUnit.MILLISECONDS);
    if (first == null) {
      return;
    }
    List<Signal> all = new ArrayList<>();
    all.add(first);
    signals.drainTo(all);
    List<UUID> delivered = new ArrayList<>();
    for (Signal signal : all) {
      if (signal instanceof Answer a) {
        if (a.delivered()) {
          delivered.add(a.eventId());
        } else if (a.generation() == generation) {
          inFlight.remove(a.eventId()); // goes again, from the outbox
        }
      } else if (signal instanceof Marked m) {
        marking.removeAll(m.eventIds());
        if (m.onDisk()) {
          acknowledged += m.eventIds().size();
        }
      }
    }
    if (delivered.isEmpty()) {
      return;
    }
    delivered.forEach(inFlight::remove);
    marking.addAll(delivered);
    try {
      outbox
          .markSentAsync(delivered)
          .whenComplete(
              (done, failure) -> {
                if (failure != null) {
                  log.error(
                      "Cannot record {} acknowledgements; those events go again: {}",
                      delivered.size(),
                      failure.getMessage());
                }
                signals.offer(new Marked(delivered, failure == null));
              });
    } catch (RuntimeException e) {
      marking.removeAll(delivered);
      throw e;
    }
  }

  private void settleQuietly(long millis) {
    try {
      settle(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("Cannot record acknowledgements: {}", e.getMessage());
    }
  }

  private void drainInFlight() {
    long deadline = System.nanoTime() + DRAIN_ON_STOP.toNanos();
    while ((!inFlight.isEmpty() && session.isConnected() || !marking.isEmpty())
        && System.nanoTime() < deadline) {
      settleQuietly(IDLE_MILLIS);
    }
    if (!inFlight.isEmpty()) {
      log.info("{} events unacknowledged at stop stay in the outbox", inFlight.size());
    }
  }

  private MqttSession newSession() {
    MqttEndpoint endpoint =
        MqttEndpoint.of(settings.serverUri(), settings.clientId())
            .withCredentials(settings.username(), settings.password())
            .withSessionExpiry(settings.sessionExpiry())
            .withReceiveMaximum(65_535);
    MqttSession s = new MqttSession(endpoint, "outbox forwarder", new Handler());
    if (commandFilter != null) {
      s.subscribe(commandFilter, 1);
    }
    return s;
  }

  /** What the forwarder's thread waits for. */
  private sealed interface Signal {}

  /** Something may be waiting to go. */
  private record Wake() implements Signal {}

  /** The broker's answer to one publish. */
  private record Answer(UUID eventId, boolean delivered, long generation) implements Signal {}

  /** The outbox recorded these acknowledgements, or could not. */
  private record Marked(List<UUID> eventIds, boolean onDisk) implements Signal {}

  @RequiredArgsConstructor
  private final class Ack implements MqttSession.Delivery {
    private final UUID eventId;
    private final long generation;

    @Override
    public void acknowledged(int code) {
      if (code == NO_MATCHING_SUBSCRIBERS) {
        // Nobody (no core) subscribed: the broker dropped the event. This happens after a
        // Mosquitto restart, which does not restore shared subscriptions, until the core
        // subscribes again. Keep it and try again shortly.
        if (!noSubscriber) {
          log.warn(
              "Broker {} has no subscriber (is mes-core subscribed?) for event {}; events stay"
                  + " in the outbox and are offered again every second",
              settings.serverUri(),
              eventId);
        }
        noSubscriber = true;
        signals.offer(new Answer(eventId, false, generation));
      } else if (code >= 0x80) {
        log.error(
            "Broker {} refused event {} with reason code 0x{}; it stays in the outbox",
            settings.serverUri(),
            eventId,
            Integer.toHexString(code));
        signals.offer(new Answer(eventId, false, generation));
      } else {
        signals.offer(new Answer(eventId, true, generation));
      }
    }

    @Override
    public void failed(Throwable failure) {
      log.debug("Event {} not acknowledged: {}", eventId, failure.getMessage());
      signals.offer(new Answer(eventId, false, generation));
    }
  }

  private final class Handler implements MqttSession.Handler {
    @Override
    public void connected(boolean reconnect) {
      log.info("Forwarding outbox {} to {}", outbox.file(), settings.serverUri());
      wake();
    }

    @Override
    public void message(MqttSession.Message message) {
      var handler = commandHandler;
      if (handler != null) {
        handler.accept(message.topic(), message.payload());
      }
    }
  }
}
