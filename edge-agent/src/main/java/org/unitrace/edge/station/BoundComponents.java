package org.unitrace.edge.station;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unitrace.edge.state.AgentState;

/**
 * The serialized components this line bound in the last {@code keepFor}: to the unit they went into
 * and when, so the same component cannot go into a second unit. Kept in the agent's state ({@link
 * AgentState.Kind#BOUND}) as {@code <unit> <epoch ms>} by serial, saved with the step that binds or
 * unbinds.
 */
final class BoundComponents {

  private static final Logger log = LoggerFactory.getLogger(BoundComponents.class);

  private final Map<String, Bound> bound = new HashMap<>();
  private final Duration keepFor;
  private Instant prunedAt = Instant.MIN;

  private record Bound(String unit, Instant at) {
    String saved() {
      return unit + " " + at.toEpochMilli();
    }

    /** A value an agent before the time was kept wrote had the unit only: kept from now on. */
    static Bound restore(String saved, Instant now) {
      int space = saved.indexOf(' ');
      if (space < 0) {
        return new Bound(saved, now);
      }
      return new Bound(
          saved.substring(0, space),
          Instant.ofEpochMilli(Long.parseLong(saved.substring(space + 1))));
    }
  }

  BoundComponents(Map<String, String> saved, Duration keepFor) {
    this.keepFor = keepFor;
    Instant now = Instant.now();
    AgentState.select(saved, AgentState.Kind.BOUND)
        .forEach(
            (serial, v) -> {
              if (!v.isEmpty()) {
                bound.put(serial, Bound.restore(v, now));
              }
            });
  }

  /** The unit the component went into, or null when this line has not bound it. */
  String unitOf(String componentSerial) {
    Bound b = bound.get(componentSerial);
    return b == null ? null : b.unit();
  }

  void bind(String componentSerial, String unit, Instant at, Changes changes) {
    Bound now = new Bound(unit, at);
    bound.put(componentSerial, now);
    changes.remember(AgentState.Kind.BOUND.key(componentSerial), now.saved());
  }

  void unbind(String componentSerial, Changes changes) {
    bound.remove(componentSerial);
    changes.remember(AgentState.Kind.BOUND.key(componentSerial), "");
  }

  /**
   * Once an hour at most: forgets the components bound longer than {@code keepFor} ago, in the
   * store too, so the agent's memory and file do not grow with every unit it ever made.
   */
  void forgetOld(Instant at, Changes changes) {
    if (prunedAt.plus(Duration.ofHours(1)).isAfter(at)) {
      return;
    }
    prunedAt = at;
    Instant before = at.minus(keepFor);
    int forgotten = 0;
    for (var it = bound.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (e.getValue().at().isBefore(before)) {
        it.remove();
        changes.remember(AgentState.Kind.BOUND.key(e.getKey()), "");
        forgotten++;
      }
    }
    if (forgotten > 0) {
      log.info(
          "Forgot {} component(s) bound before {} (outbox.keepBoundFor {}); {} remembered",
          forgotten,
          before,
          keepFor,
          bound.size());
    }
  }
}
