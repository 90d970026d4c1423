package org.unitrace.line.mqtt;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import lombok.RequiredArgsConstructor;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unitrace.line.DaemonThreads;

/**
 * One persistent MQTT 5 session, kept up by a thread of its own: it connects with the endpoint's
 * options, applies the subscriptions (and unsubscriptions) again on every connection, and after a
 * loss reconnects with {@link Backoff#standard} using a fresh Paho client under the same client id,
 * so the broker's session (and what it queued) carries on. It does not use Paho's automatic
 * reconnect: Paho 1.2.5 resends its in-flight messages on reconnect in a form Mosquitto 2.0 rejects
 * as a protocol error, and after a broker restart it can wait forever for a sender thread that has
 * stopped. Every wait here is bounded, and a client that does not answer in time is thrown away.
 *
 * <p>With {@link #manualAcks} a QoS 1 message is acknowledged only by {@link #ack}, only on the
 * connection it came on, and in the order received: one finished early waits for those before it.
 * What is not acknowledged when a connection ends goes again on the next. Without it, a message is
 * acknowledged once {@link Handler#message} returns; if that throws, it is not, and the connection
 * is replaced so the broker delivers it again (Paho itself would only log what its callback threw
 * and acknowledge the message all the same). Those reconnections are paced like the others (half a
 * second, doubling up to 30 s while the handler fails on every connection), so a handler that
 * cannot store anything for a while does not spin.
 *
 * <p>A session may take over another client's: given that client's id, it receives what the broker
 * kept for it (queued, and in flight unacknowledged); {@link #unsubscribe} keeps anything new from
 * being routed to it, and {@link #end} ends it once drained.
 */
public final class MqttSession implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MqttSession.class);
  private static final long TIMEOUT_MS = 15_000;

  /** MQTT 5 reason code of a DISCONNECT sent because another client connected with our id. */
  public static final int SESSION_TAKEN_OVER = 0x8E;

  /** What the session tells its user; called on Paho's or the session's thread. */
  public interface Handler {
    /** A connection is up and its subscriptions are in place. */
    default void connected(boolean reconnect) {}

    /** The connection was lost (the session reconnects by itself unless stopped). */
    default void lost(String reason) {}

    /**
     * Another client took the session over (reason code 0x8E); false to stop keeping the session up
     * (reconnecting would take it back, and the two clients would take turns).
     */
    default boolean takenOver() {
      return true;
    }

    /**
     * A message arrived. Throwing drops the connection without acknowledging the message, so the
     * broker delivers it again on the next connection. Must not wait without bound: a lost
     * connection is replaced only once this returns.
     */
    default void message(Message message) throws Exception {}
  }

  /** A message as received, with what {@link #ack} needs. */
  public record Message(String topic, byte[] payload, int qos, int id, long connection) {}

  /** The broker's answer to one publish. */
  public interface Delivery {
    /** PUBACK with its reason code (0 success, 0x10 no matching subscribers, >= 0x80 refused). */
    void acknowledged(int reasonCode);

    /** No PUBACK: the connection went, or the request failed. */
    void failed(Throwable cause);
  }

  /**
   * One connection: its client, its number, its messages waiting for acknowledgement, and whether
   * the handler has failed on a message (or handled one) on it.
   */
  private record Link(
      MqttAsyncClient client,
      long number,
      InOrderAcks acks,
      AtomicBoolean handlerFailed,
      AtomicBoolean handled) {

    /** Connected, and no message has failed in the handler on this connection. */
    boolean up() {
      return client.isConnected() && !handlerFailed.get();
    }
  }

  private final MqttEndpoint endpoint;
  private final String name;
  private final Handler handler;
  private final List<MqttSubscription> subscriptions = new CopyOnWriteArrayList<>();
  private final List<String> unsubscriptions = new CopyOnWriteArrayList<>();
  private final AtomicLong connection = new AtomicLong();
  private final Object signal = new Object();
  private final Object connecting = new Object();
  private boolean manualAcks;
  private volatile Link link;
  private volatile boolean subscribed;
  private volatile boolean running;
  private volatile boolean closed;
  private volatile String problem = "not connected yet";
  private volatile String lastLoss;
  private Thread connector;

  /**
   * @param name what logs call this session (e.g. "outbox forwarder", "station broker b1")
   */
  public MqttSession(MqttEndpoint endpoint, String name, Handler handler) {
    this.endpoint = endpoint;
    this.name = name;
    this.handler = handler;
  }

  /** Subscribes on every connection (QoS 1 unless stated); before {@link #start}. */
  public MqttSession subscribe(String filter, int qos) {
    subscriptions.add(new MqttSubscription(filter, qos));
    return this;
  }

  /** Unsubscribes on every connection (a session kept only to be drained); before start. */
  public MqttSession unsubscribe(String filter) {
    unsubscriptions.add(filter);
    return this;
  }

  /** QoS 1 messages are acknowledged by {@link #ack} only; before {@link #start}. */
  public MqttSession manualAcks() {
    this.manualAcks = true;
    return this;
  }

  /** Starts keeping the session up; returns at once. */
  public synchronized void start() {
    if (running || closed) {
      return;
    }
    running = true;
    connector = DaemonThreads.start("mqtt " + name, this::keepUp);
  }

  /** Connected, and the subscriptions of this connection in place. */
  public boolean isConnected() {
    Link l = link;
    return subscribed && l != null && l.up();
  }

  /** Why the session is not connected; null when it is. */
  public String problem() {
    return isConnected() ? null : problem;
  }

  /** Counts connections: a message or publish of an older one belongs to a lost connection. */
  public long connection() {
    return connection.get();
  }

  public MqttEndpoint endpoint() {
    return endpoint;
  }

  /**
   * Publishes on the current connection; {@code delivery} hears the broker's answer (null for none,
   * as for QoS 0).
   *
   * @throws MqttSessionException when not connected or the broker's receive maximum is reached
   */
  public void publish(String topic, byte[] payload, int qos, boolean retained, Delivery delivery) {
    Link l = link;
    if (l == null || !l.client().isConnected()) {
      throw new MqttSessionException(name + ": not connected to " + endpoint.url(), -1, null);
    }
    MqttMessage message = new MqttMessage(payload);
    message.setQos(qos);
    message.setRetained(retained);
    try {
      l.client().publish(topic, message, null, delivery == null ? null : new Answer(delivery));
    } catch (MqttException e) {
      throw new MqttSessionException(
          name + ": publish to " + topic + " not taken: " + e.getMessage(), e.getReasonCode(), e);
    }
  }

  /**
   * Finishes a message taken with {@link #manualAcks}: it is acknowledged once every message
   * received before it on its connection is finished too. A message from a lost connection is not
   * acknowledged (packet ids start again on each connection): the broker delivers it again.
   */
  public void ack(Message m) {
    Link l = link;
    if (m.qos() == 0 || l == null || m.connection() != l.number()) {
      return;
    }
    if (m.qos() > 1) {
      send(l, m.id(), m.qos());
      return;
    }
    l.acks().finished(m.id(), id -> send(l, id, 1));
  }

  private void send(Link l, int id, int qos) {
    try {
      l.client().messageArrivedComplete(id, qos);
    } catch (MqttException e) {
      log.debug("{}: ack of message {} not sent: {}", name, id, e.getMessage());
    }
  }

  /**
   * Tries to connect now, on the caller's thread; once connected, the session is kept up as after
   * {@link #start}. False (with {@link #problem} saying why) when the broker cannot be reached.
   */
  public boolean connectNow() {
    if (isConnected()) {
      return true;
    }
    try {
      connect();
    } catch (MqttException | MqttSessionException e) {
      problem = "broker " + endpoint.url() + ": " + e.getMessage();
      log.warn("{}: {}", name, problem);
      return false;
    }
    handler.connected(false);
    start();
    return true;
  }

  /**
   * Connects once with these options and ends the session again (a check that the broker answers
   * and accepts the credentials); throws what the broker said.
   */
  public static void probe(MqttEndpoint endpoint) {
    MqttSession probe =
        new MqttSession(endpoint.withSessionExpiry(Duration.ZERO), "probe", new Handler() {});
    try {
      probe.connect();
    } catch (MqttException e) {
      throw new MqttSessionException(e.getMessage(), e.getReasonCode(), e);
    } finally {
      probe.stop(true);
    }
  }

  private void keepUp() {
    Backoff backoff = Backoff.standard();
    Backoff redelivery = Backoff.standard();
    while (running) {
      Link l = link;
      if (l != null && l.up()) {
        synchronized (signal) {
          try {
            signal.wait(500);
          } catch (InterruptedException e) {
            return;
          }
        }
        continue;
      }
      if (l != null) {
        link = null;
        subscribed = false;
        discard(l.client());
        problem = "connection to " + endpoint.url() + " lost: " + lastLoss;
        handler.lost(problem);
        if (!running) {
          return;
        }
        if (l.handlerFailed().get()) {
          // the message comes again as soon as the next connection is up: a handler that keeps
          // failing on it (a full disk, a database away) is given time, not a tight loop
          if (l.handled().get()) {
            redelivery.reset();
          }
          long wait = redelivery.nextMillis();
          log.warn("{}: reconnecting in {} ms for the message the handler failed on", name, wait);
          if (!pause(wait)) {
            return;
          }
        }
      }
      try {
        boolean reconnect = connection.get() > 0;
        connect();
        handler.connected(reconnect);
        backoff.reset();
      } catch (MqttException | MqttSessionException e) {
        problem = "broker " + endpoint.url() + ": " + e.getMessage();
        long wait = backoff.nextMillis();
        log.warn("{}: {}; retrying in {} ms", name, problem, wait);
        if (!pause(wait)) {
          return;
        }
      }
    }
  }

  /** Waits {@code millis}; false when interrupted (the session is stopping). */
  private static boolean pause(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }

  /**
   * Connects a fresh client and (un)subscribes, each step bounded. One connect at a time, so two
   * clients of this session never hold its client id (and its packet ids) at once.
   */
  private void connect() throws MqttException {
    synchronized (connecting) {
      if (closed) {
        throw new MqttSessionException(name + ": stopped", -1, null);
      }
      MqttAsyncClient c =
          new MqttAsyncClient(endpoint.url(), endpoint.clientId(), new MemoryPersistence());
      Link l =
          new Link(
              c, connection.get() + 1, new InOrderAcks(), new AtomicBoolean(), new AtomicBoolean());
      // always: Paho swallows what a callback throws and acknowledges the message anyway
      c.setManualAcks(true);
      c.setCallback(new Callback(l));
      subscribed = false;
      link = l; // before the CONNACK: what the broker resends at once can be acknowledged
      try {
        c.connect(ConnectOptions.of(endpoint)).waitForCompletion(TIMEOUT_MS);
        connection.set(l.number());
        if (!unsubscriptions.isEmpty()) {
          c.unsubscribe(unsubscriptions.toArray(String[]::new)).waitForCompletion(TIMEOUT_MS);
        }
        subscribe(c);
        subscribed = true;
        problem = null;
        log.info(
            "{}: connected to {} as '{}', {} subscriptions",
            name,
            endpoint.url(),
            endpoint.clientId(),
            subscriptions.size());
      } catch (MqttException | RuntimeException e) {
        link = null;
        discard(c);
        throw e;
      }
    }
  }

  private void subscribe(MqttAsyncClient c) throws MqttException {
    if (subscriptions.isEmpty()) {
      return;
    }
    IMqttToken token = c.subscribe(subscriptions.toArray(MqttSubscription[]::new));
    token.waitForCompletion(TIMEOUT_MS);
    int[] codes = token.getReasonCodes();
    for (int i = 0; codes != null && i < codes.length && i < subscriptions.size(); i++) {
      if (codes[i] >= 0x80) {
        throw new MqttSessionException(
            "subscription to " + subscriptions.get(i).getTopic() + " refused", codes[i], null);
      }
    }
  }

  /**
   * Stops keeping the session up and disconnects, leaving the session at the broker: what is not
   * acknowledged goes again to whoever connects with this client id next.
   *
   * @param graceful false to drop the connection at once, as a crash would
   */
  public void stop(boolean graceful) {
    Link l = stopKeepingUp();
    if (l == null) {
      return;
    }
    if (graceful && l.client().isConnected()) {
      try {
        l.client().disconnect(5_000).waitForCompletion(5_000);
      } catch (MqttException e) {
        log.debug("{}: disconnect: {}", name, e.getMessage());
      }
    }
    discard(l.client());
  }

  /** Ends the session at the broker (DISCONNECT with session expiry 0): nothing waits for it. */
  public void end() {
    Link l = stopKeepingUp();
    if (l == null) {
      return;
    }
    try {
      MqttProperties end = new MqttProperties();
      end.setSessionExpiryInterval(0L);
      l.client().disconnect(5_000, null, null, 0, end).waitForCompletion(10_000);
    } catch (MqttException e) {
      log.warn("{}: session not ended cleanly: {}", name, e.getMessage());
    }
    discard(l.client());
  }

  /** Stops the keeping-up thread and takes the connection, once any connect under way is over. */
  private Link stopKeepingUp() {
    Thread t;
    synchronized (this) {
      closed = true;
      running = false;
      t = connector;
    }
    if (t != null && t != Thread.currentThread()) {
      t.interrupt();
      try {
        t.join(TIMEOUT_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (connecting) {
      Link l = link;
      link = null;
      subscribed = false;
      return l;
    }
  }

  @Override
  public void close() {
    stop(true);
  }

  private void discard(MqttAsyncClient c) {
    try {
      if (c.isConnected()) {
        c.disconnectForcibly(0, 1_000, false);
      }
    } catch (MqttException e) {
      log.debug("{}: dropping the connection: {}", name, e.getMessage());
    }
    try {
      c.close(true);
    } catch (MqttException e) {
      log.debug("{}: closing the client: {}", name, e.getMessage());
    }
  }

  private record Answer(Delivery delivery) implements MqttActionListener {
    @Override
    public void onSuccess(IMqttToken token) {
      int[] codes = token.getReasonCodes();
      delivery.acknowledged(codes == null || codes.length == 0 ? 0 : codes[0]);
    }

    @Override
    public void onFailure(IMqttToken token, Throwable failure) {
      delivery.failed(failure);
    }
  }

  @RequiredArgsConstructor
  private final class Callback implements MqttCallback {
    private final Link own;

    @Override
    public void disconnected(MqttDisconnectResponse response) {
      Throwable cause = response == null ? null : response.getException();
      lastLoss =
          cause != null
              ? cause.getMessage()
              : response == null ? "unknown" : "reason code " + response.getReturnCode();
      log.warn("{}: lost {} ({})", name, endpoint.url(), lastLoss);
      if (response != null
          && response.getReturnCode() == SESSION_TAKEN_OVER
          && !handler.takenOver()) {
        running = false;
      }
      synchronized (signal) {
        signal.notifyAll();
      }
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      log.warn("{}: MQTT error from {}: {}", name, endpoint.url(), exception.getMessage());
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) throws Exception {
      if (manualAcks && message.getQos() == 1) {
        own.acks().received(message.getId());
      }
      try {
        handler.message(
            new Message(
                topic, message.getPayload(), message.getQos(), message.getId(), own.number()));
      } catch (Exception e) {
        // Paho only logs what a callback throws: the connection is replaced here, and the
        // message, not acknowledged, comes again on the next one
        lastLoss = "a message on " + topic + " could not be handled: " + e.getMessage();
        own.handlerFailed().set(true);
        synchronized (signal) {
          signal.notifyAll();
        }
        throw e;
      }
      if (!own.handled().get()) {
        own.handled().set(true);
      }
      if (!manualAcks && message.getQos() > 0) {
        send(own, message.getId(), message.getQos());
      }
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
      // publishes are answered per request (Delivery)
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      // the session reports a connection once its subscriptions are in place
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
      // no enhanced authentication
    }
  }
}
