package org.unitrace.core.dashboard;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventPayload;

/**
 * Tells the open pages that events were stored, so they update without being reloaded, whichever
 * core instance stored them: every instance announces its committed batches through PostgreSQL
 * ({@link LiveNotifier}), every instance listens ({@link LiveListener}) and adds them to a tally
 * (ingestion must not wait for browsers); the tally goes out to every subscriber as one server-sent
 * event per {@code unitrace.dashboard.live-interval}, and a comment line now and then keeps idle
 * connections open through proxies.
 */
@Component
class LiveFeed {

  static final Duration EMITTER_TIMEOUT = Duration.ofMinutes(30);

  private final Set<SseEmitter> subscribers = ConcurrentHashMap.newKeySet();
  private final Object lock = new Object();
  private Map<String, LineTally> lines = new LinkedHashMap<>();
  private List<StateChange> states = new ArrayList<>();
  private long total;

  /** What a line's stored events added up to since the last message. */
  record LineTally(
      String site,
      String line,
      long events,
      long serialized,
      long ok,
      long nok,
      long markFailures) {

    LineTally plus(Event e) {
      boolean serial = e.payload() instanceof EventPayload.UnitSerialized;
      boolean okResult =
          e.payload() instanceof EventPayload.StationResult r
              && r.result() == EventPayload.Result.OK;
      boolean nokResult =
          e.payload() instanceof EventPayload.StationResult r
              && r.result() == EventPayload.Result.NOK;
      boolean markFailed =
          (e.payload() instanceof EventPayload.MarkVerified m && !m.passed())
              || (e.payload() instanceof EventPayload.StationResult r
                  && r.failureCode() != null
                  && r.failureCode().startsWith("MARKER_"));
      return new LineTally(
          site,
          line,
          events + 1,
          serialized + (serial ? 1 : 0),
          ok + (okResult ? 1 : 0),
          nok + (nokResult ? 1 : 0),
          markFailures + (markFailed ? 1 : 0));
    }
  }

  record StateChange(
      String site, String line, String station, String state, String faultCode, Instant at) {}

  /** One message: the events stored since the last one, per line, and the state changes. */
  record Message(Instant at, long events, List<LineTally> lines, List<StateChange> states) {}

  /** Adds what an instance (this one or another) announced of a committed batch. */
  void add(LiveNotifier.Part part) {
    synchronized (lock) {
      total += part.events();
      for (LineTally t : part.lines()) {
        lines.merge(
            t.site() + "/" + t.line(),
            t,
            (was, more) ->
                new LineTally(
                    was.site(),
                    was.line(),
                    was.events() + more.events(),
                    was.serialized() + more.serialized(),
                    was.ok() + more.ok(),
                    was.nok() + more.nok(),
                    was.markFailures() + more.markFailures()));
      }
      states.addAll(part.states());
    }
  }

  SseEmitter subscribe() {
    SseEmitter emitter = new SseEmitter(EMITTER_TIMEOUT.toMillis());
    emitter.onCompletion(() -> subscribers.remove(emitter));
    emitter.onTimeout(() -> subscribers.remove(emitter));
    emitter.onError(e -> subscribers.remove(emitter));
    subscribers.add(emitter);
    try {
      emitter.send(SseEmitter.event().name("hello").data(Map.of("at", Instant.now())));
    } catch (IOException e) {
      subscribers.remove(emitter);
    }
    return emitter;
  }

  @Scheduled(fixedDelayString = "${unitrace.dashboard.live-interval:PT1S}")
  void flush() {
    Message message;
    synchronized (lock) {
      if (total == 0) {
        return;
      }
      message = new Message(Instant.now(), total, List.copyOf(lines.values()), List.copyOf(states));
      lines = new LinkedHashMap<>();
      states = new ArrayList<>();
      total = 0;
    }
    for (SseEmitter emitter : subscribers) {
      try {
        emitter.send(SseEmitter.event().name("stored").data(message, MediaType.APPLICATION_JSON));
      } catch (IOException | IllegalStateException e) {
        subscribers.remove(emitter); // the page went away
      }
    }
  }

  /**
   * Ends the open feeds first when the core stops: a graceful shutdown would otherwise wait for
   * each page's never-ending request. The pages reconnect by themselves once the core is back.
   */
  @EventListener(ContextClosedEvent.class)
  void closing() {
    for (SseEmitter emitter : subscribers) {
      emitter.complete();
    }
    subscribers.clear();
  }

  @Scheduled(fixedDelay = 20_000)
  void keepAlive() {
    for (SseEmitter emitter : subscribers) {
      try {
        emitter.send(SseEmitter.event().comment("keep-alive"));
      } catch (IOException | IllegalStateException e) {
        subscribers.remove(emitter);
      }
    }
  }
}
