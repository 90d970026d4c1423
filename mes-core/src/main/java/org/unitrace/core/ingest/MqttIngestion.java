package org.unitrace.core.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.unitrace.contract.Topics;
import org.unitrace.core.system.CommandChannel;
import org.unitrace.core.system.CoreProperties;
import org.unitrace.core.system.InstanceName;
import org.unitrace.line.DaemonThreads;

/**
 * Takes events from the broker: {@code unitrace.mqtt.clients} persistent MQTT 5 sessions (clean
 * start off, session expiry set) on the shared subscription {@link Topics#coreSubscription}, QoS 1,
 * each with its own writers and manual acknowledgements (see {@link IngestSession}).
 *
 * <p>Several core instances share one subscription; what the broker queues for one instance's
 * session must not wait for that instance. Every session's client id is leased in the database
 * ({@link SessionLeases}) and renewed every third of {@code unitrace.mqtt.lease-ttl}. A lease that
 * runs out belongs to an instance that died: a live instance adopts that session, takes and stores
 * what the broker kept for it, and ends it; the broker then routes everything to the live
 * instances. An instance that cannot renew its leases stops its sessions before they run out, so a
 * client id is never connected by two instances at once.
 */
@Component
class MqttIngestion implements SmartLifecycle, CommandChannel, IngestSession.Owner {

  private static final Logger log = LoggerFactory.getLogger(MqttIngestion.class);

  private final CoreProperties.Mqtt config;
  private final EventIngestor ingestor;
  private final SessionLeases leases;
  private final ApplicationEventPublisher events;
  private final String holder;
  private final Map<String, IngestSession> sessions = new ConcurrentHashMap<>();
  private volatile ScheduledExecutorService supervisor;
  private volatile long lastRenewed = System.nanoTime();
  private volatile long lastClaimWarning;
  private volatile boolean running;

  MqttIngestion(
      CoreProperties properties,
      EventIngestor ingestor,
      SessionLeases leases,
      ApplicationEventPublisher events) {
    this.config = properties.mqtt();
    this.ingestor = ingestor;
    this.leases = leases;
    this.events = events;
    this.holder = InstanceName.create();
  }

  /** The client ids of this instance's own sessions. */
  List<String> ownClientIds() {
    if (config.clients() == 1) {
      return List.of(config.clientId());
    }
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= config.clients(); i++) {
      ids.add(config.clientId() + "-" + i);
    }
    return ids;
  }

  @Override
  public void start() {
    if (!config.enabled()) {
      log.info("MQTT ingestion is disabled (unitrace.mqtt.enabled=false)");
      return;
    }
    running = true;
    log.info(
        "MQTT ingestion as instance '{}' with {} session(s) {} on {}",
        holder,
        config.clients(),
        ownClientIds(),
        config.effectiveUrl());
    supervisor =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("mqtt-ingest-supervisor"));
    // the first round runs here, so that when the broker and the leases allow it, the sessions
    // are subscribed before start() returns and nothing sent after that is missed
    supervise();
    long period = Math.max(200, config.leaseTtl().toMillis() / 3);
    supervisor.scheduleWithFixedDelay(this::supervise, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * One round: renew the leases (stop every session when they could not be renewed in time), start
   * own sessions whose lease is free (the session layer keeps them up from then on), adopt one dead
   * instance's session.
   */
  private void supervise() {
    if (!running) {
      return;
    }
    try {
      renew();
      for (String id : ownClientIds()) {
        if (!sessions.containsKey(id)) {
          startOwn(id);
        }
      }
      if (ownConnected()) {
        leases.adoptOne(holder, config.leaseTtl()).ifPresent(this::adopt);
      }
    } catch (RuntimeException e) {
      log.warn("MQTT session supervision failed: {}", e.toString());
    }
    if (System.nanoTime() - lastRenewed > config.leaseTtl().toNanos() && !sessions.isEmpty()) {
      log.error(
          "MQTT session leases not renewed for {} (database unreachable?): stopping {} session(s)"
              + " so that no other instance connects them at the same time",
          config.leaseTtl(),
          sessions.size());
      sessions.values().forEach(s -> s.stop(false));
      sessions.clear();
    }
  }

  private void renew() {
    Set<String> held = leases.renew(holder, config.leaseTtl());
    lastRenewed = System.nanoTime();
    for (IngestSession s : List.copyOf(sessions.values())) {
      if (!held.contains(s.clientId())) {
        log.error("Lease of MQTT session '{}' lost: stopping it", s.clientId());
        sessions.remove(s.clientId());
        s.stop(false);
      }
    }
  }

  private void startOwn(String id) {
    if (!leases.claim(id, holder, config.leaseTtl())) {
      long now = System.nanoTime();
      if (now - lastClaimWarning > Duration.ofSeconds(30).toNanos()) {
        lastClaimWarning = now;
        log.warn(
            "MQTT client id '{}' is leased by another instance; waiting for it to be released"
                + " (if that instance is alive, give each instance its own unitrace.mqtt.client-id)",
            id);
      }
      return;
    }
    IngestSession session = new IngestSession(id, false, config, ingestor, this);
    sessions.put(id, session);
    session.open();
  }

  private boolean ownConnected() {
    return sessions.values().stream().anyMatch(s -> !s.adopted() && s.connected());
  }

  /** Takes over a dead instance's session in the background: connect, drain, end, release. */
  private void adopt(String id) {
    log.warn("MQTT session '{}' of an instance that stopped renewing it: adopting it", id);
    IngestSession session = new IngestSession(id, true, config, ingestor, this);
    sessions.put(id, session);
    DaemonThreads.start(
        "mqtt-adopt-" + id,
        () -> {
          try {
            session.open();
            if (session.drainAndEnd(config.drainQuiet())) {
              sessions.remove(id);
              leases.release(id, holder, true);
              log.info("Adopted MQTT session '{}' drained and ended", id);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  @Override
  public void connected(IngestSession session, boolean reconnect) {
    if (!session.adopted()) {
      events.publishEvent(new CommandChannel.Connected());
    }
  }

  @Override
  public void takenOver(IngestSession session) {
    log.error(
        "MQTT session '{}' was taken over by another client with the same id: stopping it",
        session.clientId());
    if (sessions.remove(session.clientId(), session)) {
      DaemonThreads.start("mqtt-stop-" + session.clientId(), () -> session.stop(false));
    }
  }

  @Override
  public boolean publishRetained(String topic, byte[] payload) {
    Optional<IngestSession> own =
        sessions.values().stream().filter(s -> !s.adopted() && s.connected()).findFirst();
    return own.map(s -> s.publishRetained(topic, payload)).orElse(false);
  }

  /** Whether every own session is up (for the health endpoint). */
  boolean connected() {
    List<String> ids = ownClientIds();
    return ids.stream().allMatch(id -> sessions.get(id) != null && sessions.get(id).connected());
  }

  /** Each session this instance runs, own and adopted, and whether it is connected. */
  Map<String, String> sessionStates() {
    Map<String, String> states = new TreeMap<>();
    sessions.forEach(
        (id, s) ->
            states.put(
                id, (s.connected() ? "connected" : "down") + (s.adopted() ? ", adopted" : "")));
    ownClientIds().forEach(id -> states.putIfAbsent(id, "waiting for its lease"));
    return states;
  }

  /**
   * Stops taking events. With another live instance on the subscription, this instance's own
   * sessions are unsubscribed, drained and ended, so the broker routes everything to the others;
   * alone, they are left at the broker, which keeps what arrives until an instance resumes them.
   */
  @Override
  public void stop() {
    running = false;
    if (supervisor != null) {
      supervisor.shutdownNow();
    }
    boolean others;
    try {
      others = atShutdown(() -> leases.othersAlive(holder));
    } catch (RuntimeException e) {
      others = false;
    }
    for (IngestSession s : List.copyOf(sessions.values())) {
      boolean ended = false;
      if (others && !s.adopted()) {
        ended = retire(s);
      } else {
        s.stop(true);
      }
      boolean sessionEnded = ended;
      try {
        atShutdown(
            () -> {
              leases.release(s.clientId(), holder, sessionEnded);
              return null;
            });
      } catch (RuntimeException e) {
        log.warn(
            "Lease of MQTT client id '{}' not released ({}); it expires by itself",
            s.clientId(),
            e.getMessage());
      }
    }
    sessions.clear();
  }

  /**
   * A lease query made while stopping, bounded: with the database gone the pool would wait its
   * whole connection timeout per query and hold the process's exit; a lease not released expires
   * after {@code unitrace.mqtt.lease-ttl} anyway.
   */
  private static <T> T atShutdown(java.util.concurrent.Callable<T> query) {
    java.util.concurrent.FutureTask<T> task = new java.util.concurrent.FutureTask<>(query);
    DaemonThreads.start("mqtt-lease-release", task);
    try {
      return task.get(3, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      task.cancel(true);
      throw new IllegalStateException("the database did not answer within 3 s");
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }

  private boolean retire(IngestSession own) {
    try {
      IngestSession ending = new IngestSession(own.clientId(), true, config, ingestor, this);
      own.stop(true);
      if (ending.open()) {
        return ending.drainAndEnd(config.drainQuiet());
      }
      ending.stop(false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
