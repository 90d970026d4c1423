package org.unitrace.edge.agent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.unitrace.contract.Event;
import org.unitrace.edge.config.LineConfig;
import org.unitrace.edge.config.SignalBinding;
import org.unitrace.edge.config.SignalBinding.OpcUaNode;
import org.unitrace.edge.config.StationConfig;
import org.unitrace.edge.outbox.ForwarderSettings;
import org.unitrace.edge.outbox.MqttForwarder;
import org.unitrace.edge.outbox.Outbox;
import org.unitrace.edge.outbox.OutboxSettings;
import org.unitrace.edge.signal.MqttSignalSource;
import org.unitrace.edge.signal.OpcUaSignalSource;
import org.unitrace.edge.signal.SignalSource;
import org.unitrace.edge.signal.SourceListener;
import org.unitrace.edge.station.LineLogic;
import org.unitrace.edge.station.Step;
import org.unitrace.edge.station.Unbinding;
import org.unitrace.line.DaemonThreads;

/**
 * One line's agent: reads the PLCs and station brokers, runs the station logic on one thread,
 * writes every event (with the station memory it changes) to the outbox before anything is
 * published, and forwards the outbox to the core. Usable without Spring, as the demo and tests do.
 */
public final class EdgeAgent implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EdgeAgent.class);

  /** How long after a failed commit the agent reads its PLCs' cycles again (and between tries). */
  private static final long RECOVERY_PAUSE_MS = 1_000;

  private final LineConfig config;
  private final MeterRegistry meters;
  private final Map<String, SignalSource> sources = new LinkedHashMap<>();
  private final Map<String, Counter> produced = new HashMap<>();

  /** Units quality holds, by serial, with the reason: from the core's retained hold commands. */
  private final Map<String, String> holds = new java.util.concurrent.ConcurrentHashMap<>();

  private final ExecutorService logicThread;

  /** The effects of the last step submitted to the outbox; read and written on the logic thread. */
  private CompletableFuture<Void> lastEffects = CompletableFuture.completedFuture(null);

  /**
   * Takes every signal change first, in arrival order, and makes the reads it needs at once (a
   * cycle's snapshot: {@link LineLogic#readsOn}) before handing it on to the logic thread, which
   * may be busy committing earlier cycles to the outbox.
   */
  private final ExecutorService arrivalThread;

  private final ScheduledExecutorService housekeeping;
  private Outbox outbox;
  private MqttForwarder forwarder;
  private HttpDrainer drainer;

  /** The station logic; replaced (on the logic thread) when a failed commit makes it stale. */
  private volatile LineLogic logic;

  private org.unitrace.edge.bom.BomLookup boms = org.unitrace.edge.bom.BomLookup.NONE;
  private org.unitrace.edge.serial.SerialIssuer serials;
  private final Map<String, org.unitrace.edge.device.MarkingStation> marking = new HashMap<>();
  private final List<org.unitrace.edge.device.StationScanner> scanners = new ArrayList<>();
  private volatile OutboxStatus outboxStatus = new OutboxStatus(0, null, 0, false);

  /** Events submitted to the outbox whose transaction has not completed yet. */
  private final java.util.concurrent.atomic.AtomicLong uncommitted =
      new java.util.concurrent.atomic.AtomicLong();

  private volatile long refused;

  /**
   * Completes when the outbox may write: always at once, except in tests that stand for a slow or a
   * failing disk ({@link #disk}).
   */
  private volatile CompletableFuture<Void> disk = CompletableFuture.completedFuture(null);

  /**
   * For tests: the outbox's writes wait until {@code ready} completes, and fail unwritten if it
   * fails, as on a full disk. Holds one step's write at a time (held writes are not kept in order).
   */
  void disk(CompletableFuture<Void> ready) {
    disk = ready;
  }

  /** How full the outbox is, refreshed every second. */
  public record OutboxStatus(long depth, Instant oldest, long bound, boolean alarm) {}

  public EdgeAgent(LineConfig config, MeterRegistry meters) {
    this.config = config;
    this.meters = meters;
    this.logicThread =
        Executors.newSingleThreadExecutor(DaemonThreads.named("line-" + config.line()));
    this.arrivalThread =
        Executors.newSingleThreadExecutor(DaemonThreads.named("signals-" + config.line()));
    this.housekeeping =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("outbox-" + config.line()));
  }

  public synchronized void start() {
    OutboxSettings settings = OutboxSettings.of(config.outbox().file(), config.agentId());
    if (Files.exists(settings.file())) {
      outbox = Outbox.open(settings);
    } else {
      log.warn("No outbox at {}: creating one; this agent's seq starts at 0", settings.file());
      outbox = Outbox.create(settings);
    }
    var core = config.core();
    if (core.httpUrl() != null) {
      boms = new org.unitrace.edge.bom.CoreBoms(core.httpUrl(), core.httpToken(), outbox);
    }
    logic = committedLogic();
    ForwarderSettings fs =
        new ForwarderSettings(
            core.mqttUrl(),
            core.mqttClientId(),
            core.mqttUsername(),
            core.mqttPassword() == null ? null : core.mqttPassword().toCharArray(),
            core.maxInFlight(),
            core.sessionExpiry());
    forwarder = new MqttForwarder(outbox, fs);
    forwarder.onCommands(
        org.unitrace.contract.Topics.holdCommandFilter(config.site(), config.line()),
        this::holdCommand);
    drainer = core.httpUrl() == null ? null : new HttpDrainer(core, outbox, forwarder);
    registerMeters();
    refreshOutboxStatus();
    forwarder.start();
    housekeeping.scheduleWithFixedDelay(this::housekeep, 1, 1, TimeUnit.SECONDS);
    openSources();
    openDevices();
    log.info(
        "Edge agent {} for {}/{} started: {} stations, {} signal sources, outbox {} ({} pending)",
        config.agentId(),
        config.site(),
        config.line(),
        config.stations().size(),
        sources.size(),
        outbox.file(),
        outboxStatus.depth());
  }

  private void openSources() {
    Map<String, List<SignalBinding>> bySource = new LinkedHashMap<>();
    for (SignalBinding b : logic.bindings()) {
      bySource.computeIfAbsent(b.source(), s -> new ArrayList<>()).add(b);
    }
    SourceListener listener = new Listener();
    bySource.forEach(
        (name, bindings) -> {
          SignalSource source;
          if (config.plcs().containsKey(name)) {
            List<OpcUaNode> nodes = bindings.stream().map(b -> (OpcUaNode) b).toList();
            source = new OpcUaSignalSource(config.plcs().get(name), nodes);
          } else {
            source = new MqttSignalSource(config.brokers().get(name), bindings);
          }
          sources.put(name, source);
        });
    sources.values().forEach(s -> s.start(listener));
  }

  private void openDevices() {
    for (var s : config.stations()) {
      if (s.marking() != null) {
        if (serials == null) {
          var core = config.core();
          if (core.httpUrl() == null) {
            throw new IllegalStateException(
                "station "
                    + s.id()
                    + " marks serials, which come in blocks from the core: set core.http.url");
          }
          serials =
              new org.unitrace.edge.serial.SerialIssuer(
                  config.serials().orElseThrow(),
                  outbox,
                  new org.unitrace.edge.serial.CoreBlockSource(
                      core.httpUrl(),
                      core.httpToken(),
                      config.site(),
                      config.line(),
                      config.agentId()));
        }
        var marker =
            org.unitrace.edge.device.DeviceFactory.marker(s.device("marker").orElseThrow());
        var verifier =
            s.device("verifier").map(org.unitrace.edge.device.DeviceFactory::scanner).orElse(null);
        tryOpen(s.id(), "marker", marker::open);
        if (verifier != null) {
          tryOpen(s.id(), "verifier", verifier::open);
        }
        marking.put(
            s.id(),
            new org.unitrace.edge.device.MarkingStation(
                config.site(),
                config.line(),
                s,
                marker,
                verifier,
                serials,
                java.time.ZoneId.systemDefault(),
                java.time.Clock.systemUTC()));
      }
      var scanner = s.device("scanner");
      if (scanner.isPresent()) {
        var device = org.unitrace.edge.device.DeviceFactory.scanner(scanner.get());
        tryOpen(s.id(), "scanner", device::open);
        var reader =
            new org.unitrace.edge.device.StationScanner(
                s.id(),
                device,
                (station, label) -> {
                  Instant at = Instant.now();
                  logicThread.execute(
                      () -> guarded(() -> apply(logic.labelScanned(station, label, at))));
                });
        scanners.add(reader);
        reader.start();
      }
    }
  }

  private static void tryOpen(String station, String device, Runnable open) {
    try {
      open.run();
    } catch (RuntimeException e) {
      log.error(
          "Station {}: {} not reachable now ({}); the agent keeps trying",
          station,
          device,
          e.getMessage());
    }
  }

  private void guarded(Supplier<CompletableFuture<Void>> r) {
    try {
      r.get()
          .exceptionally(
              e -> {
                log.error("Line {}: {}", config.line(), e.getMessage(), e);
                return null;
              });
    } catch (RuntimeException e) {
      log.error("Line {}: {}", config.line(), e.getMessage(), e);
    }
  }

  /** A label scanned at a station, as its scanner would send it (AIM identifier included). */
  public void labelScanned(String station, String label) {
    Instant at = Instant.now();
    call(l -> l.labelScanned(station, label, at));
  }

  /** Rework: takes a component out of a unit, with the reason. */
  public void unbind(String station, Unbinding unbinding) {
    Instant at = Instant.now();
    call(l -> l.unbind(station, unbinding, at));
  }

  /** Material in a slot of a station ran out or was taken away. */
  public void unload(String station, String slot, java.math.BigDecimal remaining) {
    Instant at = Instant.now();
    call(l -> l.unload(station, slot, remaining, at));
  }

  /** Runs a step on the logic thread and waits, so the caller sees its errors. */
  private void call(java.util.function.Function<LineLogic, Step> work) {
    try {
      logicThread
          .submit(() -> apply(work.apply(logic)))
          .get(30, TimeUnit.SECONDS)
          .get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the line logic did not answer in 30 s", e);
    }
  }

  private Map<SignalBinding, Object> read(Collection<SignalBinding> bindings) {
    Map<SignalBinding, Object> values = new HashMap<>();
    bySource(bindings).forEach((name, list) -> values.putAll(sources.get(name).read(list)));
    return values;
  }

  /** Read as {@link SignalSource#readTimed}: each value with the time it took it. */
  private Map<SignalBinding, SignalSource.Reading> readTimed(Collection<SignalBinding> bindings) {
    Map<SignalBinding, SignalSource.Reading> readings = new HashMap<>();
    bySource(bindings).forEach((name, list) -> readings.putAll(sources.get(name).readTimed(list)));
    return readings;
  }

  private static Map<String, List<SignalBinding>> bySource(Collection<SignalBinding> bindings) {
    Map<String, List<SignalBinding>> bySource = new LinkedHashMap<>();
    for (SignalBinding b : bindings) {
      bySource.computeIfAbsent(b.source(), s -> new ArrayList<>()).add(b);
    }
    return bySource;
  }

  private void holdCommand(String topic, byte[] payload) {
    org.unitrace.contract.HoldCommand hold;
    try {
      hold = org.unitrace.contract.HoldCommand.decode(topic, payload).orElse(null);
    } catch (IllegalArgumentException e) {
      String serial = topic.substring(topic.lastIndexOf('/') + 1);
      log.error("{}; unit {} treated as held", e.getMessage(), serial);
      holds.put(serial, "hold command unreadable");
      return;
    }
    String serial = org.unitrace.contract.Topics.holdSerial(topic);
    if (hold == null) {
      if (holds.remove(serial) != null) {
        log.info("Unit {} released by quality", serial);
      }
      return;
    }
    holds.put(serial, hold.toString());
    log.info("Unit {} is held by quality ({}): stations will refuse it", serial, hold);
  }

  /** The units held now, by serial, with the reason. */
  public Map<String, String> holds() {
    return Map.copyOf(holds);
  }

  /**
   * Submits the step's events and memory to the outbox and, once they are on disk, acts on them
   * (writes to the line, starts marking) on the logic thread, in step order; the outbox itself
   * wakes the forwarder when the commit lands, so publishing does not wait for the logic thread.
   * The logic goes on with the next signal while the disk syncs, so cycles that arrive together are
   * committed together. The future completes when the step's effects are done.
   */
  private CompletableFuture<Void> apply(Step step) {
    if (step.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    OutboxStatus status = outboxStatus;
    if (!step.events().isEmpty() && status.depth() + step.events().size() > status.bound()) {
      refused += step.events().size();
      for (var draft : step.events()) {
        log.error(
            "OUTBOX FULL ({} of {} events): event not stored, station {}: {}",
            status.depth(),
            status.bound(),
            draft.station(),
            draft.payload());
      }
      return CompletableFuture.completedFuture(null);
    }
    // counted when submitted, not when committed: steps queued behind a commit count against the
    // bound too (a failed commit is corrected by the next housekeeping count)
    outboxStatus =
        new OutboxStatus(
            status.depth() + step.events().size(), status.oldest(), status.bound(), status.alarm());
    int n = step.events().size();
    uncommitted.addAndGet(n);
    lastEffects =
        disk.thenCompose(
                ready ->
                    outbox.appendAsync(config.site(), config.line(), drafts(step), step.memory()))
            .whenComplete((events, failure) -> uncommitted.addAndGet(-n))
            .thenAcceptAsync(events -> committed(step, events), logicThread);
    return lastEffects;
  }

  /** The station logic with the memory the outbox holds: what was committed, nothing more. */
  private LineLogic committedLogic() {
    return new LineLogic(config, outbox.state(), this::read, holds::get, boms);
  }

  private static List<Outbox.Draft> drafts(Step step) {
    return step.events().stream()
        .map(e -> new Outbox.Draft(e.station(), e.payload(), e.occurredAt()))
        .toList();
  }

  private void committed(Step step, List<Event> events) {
    for (Event e : events) {
      MDC.put("station", e.station());
      log.debug("Event {} #{} {} at {}", e.type(), e.seq(), e.payload(), e.station());
      MDC.remove("station");
      produced
          .computeIfAbsent(
              e.type().name(),
              t ->
                  Counter.builder("unitrace.edge.events.produced")
                      .description("Events the station logic produced, by type")
                      .tag("type", t)
                      .register(meters))
          .increment();
    }
    for (Step.Output out : step.outputs()) {
      try {
        sources.get(out.binding().source()).write(out.binding(), out.value());
      } catch (RuntimeException e) {
        log.error(
            "Station {}: cannot write {} to {}: {}",
            out.station(),
            out.value(),
            out.binding().describe(),
            e.getMessage());
      }
    }
    for (Step.MarkRequest request : step.marks()) {
      marking
          .get(request.station())
          .submit(
              request,
              outcome -> logicThread.execute(() -> guarded(() -> apply(logic.marked(outcome)))));
    }
  }

  /** Waits until every step applied so far has been committed and acted on. */
  private void awaitEffects(long seconds)
      throws InterruptedException, ExecutionException, TimeoutException {
    logicThread
        .submit(() -> lastEffects)
        .get(seconds, TimeUnit.SECONDS)
        .get(seconds, TimeUnit.SECONDS);
  }

  private void housekeep() {
    try {
      refreshOutboxStatus();
      if (drainer != null) {
        drainer.drainIfBehind();
      }
    } catch (RuntimeException e) {
      log.error("Outbox housekeeping failed: {}", e.getMessage(), e);
    }
  }

  private void refreshOutboxStatus() {
    // read first: a group that commits in between is then counted twice (briefly), never missed
    long submitted = uncommitted.get();
    long depth = outbox.pendingCount() + submitted;
    long bound = config.outbox().maxEvents();
    boolean alarm = depth >= (long) (bound * config.outbox().alarmAt());
    if (alarm && !outboxStatus.alarm()) {
      log.error(
          "Outbox {} holds {} unsent events, {}% of its bound {}: the core is not taking events",
          outbox.file(), depth, depth * 100 / bound, bound);
    }
    outboxStatus = new OutboxStatus(depth, outbox.oldestPending().orElse(null), bound, alarm);
  }

  private void registerMeters() {
    Gauge.builder("unitrace.edge.outbox.depth", this, a -> a.outboxStatus.depth())
        .description("Events in the outbox not yet acknowledged by the broker")
        .register(meters);
    Gauge.builder(
            "unitrace.edge.outbox.oldest.age",
            this,
            a -> {
              Instant oldest = a.outboxStatus.oldest();
              return oldest == null
                  ? 0
                  : Duration.between(oldest, Instant.now()).toMillis() / 1000.0;
            })
        .baseUnit("seconds")
        .description("Age of the oldest unsent event")
        .register(meters);
    FunctionCounter.builder("unitrace.edge.events.published", this, a -> a.forwarder.acknowledged())
        .description("Events acknowledged by the broker (PUBACK)")
        .register(meters);
    FunctionCounter.builder("unitrace.edge.events.refused", this, a -> a.refused)
        .description("Events not stored because the outbox was full")
        .register(meters);
    for (String name : new ArrayList<>(logicSources())) {
      FunctionCounter.builder("unitrace.edge.source.reconnects", this, a -> reconnectsOf(name))
          .tag("source", name)
          .register(meters);
    }
  }

  private Collection<String> logicSources() {
    List<String> names = new ArrayList<>();
    for (SignalBinding b : logic.bindings()) {
      if (!names.contains(b.source())) {
        names.add(b.source());
      }
    }
    return names;
  }

  private double reconnectsOf(String name) {
    SignalSource s = sources.get(name);
    return s == null ? 0 : s.reconnects();
  }

  public LineConfig config() {
    return config;
  }

  public OutboxStatus outboxStatus() {
    return outboxStatus;
  }

  public boolean brokerConnected() {
    return forwarder != null && forwarder.isConnected();
  }

  public Map<String, SignalSource> sources() {
    return sources;
  }

  /** Runs a task on the logic thread and waits for it: lets tests see a consistent line. */
  public <T> T inspect(java.util.function.Function<LineLogic, T> view) {
    try {
      return logicThread.submit(() -> view.apply(logic)).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("line logic did not answer: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    scanners.forEach(org.unitrace.edge.device.StationScanner::close);
    marking.values().forEach(org.unitrace.edge.device.MarkingStation::close);
    if (boms instanceof org.unitrace.edge.bom.CoreBoms c) {
      c.close();
    }
    if (serials != null) {
      serials.close();
    }
    sources.values().forEach(SignalSource::close);
    arrivalThread.shutdown();
    try {
      arrivalThread.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      awaitEffects(10); // cycles already committed are acknowledged to their stations
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
      log.warn(
          "Line {}: stopping before the last steps were acted on: {}", config.line(), e.toString());
    }
    logicThread.shutdown();
    try {
      logicThread.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    housekeeping.shutdownNow();
    if (forwarder != null) {
      forwarder.stop();
    }
    if (outbox != null) {
      outbox.close();
    }
  }

  private final class Listener implements SourceListener {
    @Override
    public void onValue(SignalBinding binding, Object value, Instant at) {
      arrivalThread.execute(
          () -> {
            Map<SignalBinding, Object> early = readOnArrival(binding, value);
            logicThread.execute(() -> handle(() -> logic.onSignal(binding, value, at, early)));
          });
    }

    /** The reads this change needs, made now; empty when it needs none or they failed. */
    private Map<SignalBinding, Object> readOnArrival(SignalBinding binding, Object value) {
      List<SignalBinding> reads = logic.readsOn(binding, value);
      if (reads.isEmpty()) {
        return Map.of();
      }
      try {
        return read(reads);
      } catch (RuntimeException e) {
        // the logic reads again and handles the failure where it knows what it was for
        log.debug("Line {}: read on arrival failed: {}", config.line(), e.getMessage());
        return Map.of();
      }
    }

    @Override
    public void onDown(Predicate<SignalBinding> affected, String reason, Instant at) {
      arrivalThread.execute(
          () -> logicThread.execute(() -> handle(() -> logic.onSourceDown(affected, reason, at))));
    }

    /** A commit that failed since the last flush: the message must not be acknowledged. */
    private volatile RuntimeException failed;

    @Override
    public void flush() {
      try {
        arrivalThread.submit(() -> {}).get(); // what arrived before is on the logic thread now
        logicThread.submit(() -> handled).get().get(); // and committed, and acted on
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("agent stopping: message left unacknowledged", e);
      } catch (java.util.concurrent.ExecutionException
          | java.util.concurrent.RejectedExecutionException e) {
        throw new IllegalStateException("agent stopping: message left unacknowledged", e);
      }
      RuntimeException f = failed;
      if (f != null) {
        failed = null;
        forgetUncommitted();
        throw f;
      }
    }

    /**
     * Puts the logic back to the memory the outbox holds: what a failed step changed (a counter
     * taken, a unit handed on) is not on disk, and the message that brought it, delivered again,
     * must be handled again rather than taken for one already seen.
     */
    private void forgetUncommitted() {
      try {
        logicThread.submit(() -> logic = committedLogic()).get(30, TimeUnit.SECONDS);
        log.warn(
            "Line {}: station memory reloaded from the outbox after a failed commit",
            config.line());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
        log.error(
            "Line {}: station memory not reloaded after a failed commit: {}",
            config.line(),
            e.toString());
      }
    }

    /**
     * Every step handled since the last flush, done (committed and acted on) and any failure
     * recorded; on the logic thread. All of them, not the last one only: one message makes several
     * steps, and a later empty step completes before an earlier step's commit has landed.
     */
    private CompletableFuture<Void> handled = CompletableFuture.completedFuture(null);

    /**
     * Runs the logic on a signal and submits its step. A step the logic cannot make is logged and
     * the message goes on to be acknowledged (the same message would fail the same way again); a
     * step whose commit fails keeps the message unacknowledged, so the broker delivers it again.
     */
    private void handle(Supplier<Step> work) {
      Step step;
      try {
        step = work.get();
      } catch (RuntimeException e) {
        log.error("Line {}: a signal could not be processed: {}", config.line(), e.getMessage(), e);
        return;
      }
      if (recovering.get() && !step.isEmpty()) {
        // an earlier step is on no disk: nothing is committed on top of it before the memory is
        // reloaded, or a later cycle stored first would hide the lost one from the reload
        failed =
            new IllegalStateException(
                "an earlier step of line " + config.line() + " could not be stored");
        return;
      }
      CompletableFuture<Void> done;
      try {
        done =
            apply(step)
                .exceptionally(
                    e -> {
                      failed(e instanceof CompletionException c ? c.getCause() : e);
                      return null;
                    });
      } catch (RuntimeException e) {
        failed(e);
        return;
      }
      handled = handled.isDone() ? done : CompletableFuture.allOf(handled, done);
    }

    private void failed(Throwable e) {
      failed = e instanceof RuntimeException r ? r : new IllegalStateException(e);
      log.error(
          "Line {}: a step's events could not be stored: {}; the message that brought it is not"
              + " acknowledged",
          config.line(),
          e.getMessage(),
          e);
      if (recovering.compareAndSet(false, true)) {
        try {
          housekeeping.schedule(this::recover, RECOVERY_PAUSE_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
          recovering.set(false);
        }
      }
    }

    /** A recovery from a failed commit is waiting or running: one at a time. */
    private final AtomicBoolean recovering = new AtomicBoolean();

    /** Each station's machine state and cycle signal, where a PLC gives them (OPC UA). */
    private List<SignalBinding> plcCycleAndStateSignals() {
      List<SignalBinding> bindings = new ArrayList<>();
      for (StationConfig s : config.stations()) {
        StationConfig.Signals signals = s.signals();
        if (signals.state() != null && signals.state().binding() instanceof OpcUaNode node) {
          bindings.add(node);
        }
        if (signals.cycle() != null && signals.cycle().binding() instanceof OpcUaNode node) {
          bindings.add(node);
        }
      }
      return bindings;
    }

    /**
     * After a failed commit, once the steps in flight have settled: the station memory goes back to
     * what the outbox holds, and the cycle signal of every station that a PLC counts on is read
     * again and handled as if it had just changed (its machine state too), at the time the PLC says
     * it took the value (its source timestamp), not at the time of the read. OPC UA sends no change
     * again the way a broker delivers a message again: without this, the memory would count a cycle
     * that is on no disk, and the cycle would be lost without a trace. So a PLC that holds its
     * cycle (handshake) has it recorded and acknowledged; in counter mode the cycle is recorded if
     * the PLC still shows it and counted in a gap record if it has moved on. If the disk still
     * refuses, this comes again.
     */
    private void recover() {
      try {
        logicThread.submit(() -> handled).get().get(30, TimeUnit.SECONDS);
        logicThread
            .submit(
                () -> {
                  recovering.set(false);
                  logic = committedLogic();
                  log.warn(
                      "Line {}: station memory reloaded from the outbox after a failed commit;"
                          + " the PLCs' cycle and state signals are read again",
                      config.line());
                  List<SignalBinding> again = plcCycleAndStateSignals();
                  // one request per PLC; each change at the time the PLC made it
                  Map<SignalBinding, SignalSource.Reading> readings = readTimed(again);
                  for (SignalBinding b : again) {
                    SignalSource.Reading r = readings.get(b);
                    if (r != null) {
                      handle(() -> logic.onSignal(b, r.value(), r.since(), Map.of()));
                    }
                  }
                })
            .get(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
        recovering.set(false);
        log.error("Line {}: no recovery after a failed commit: {}", config.line(), e.toString());
      }
    }
  }
}
