package org.unitrace.edge.station;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.unitrace.contract.EventPayload;
import org.unitrace.edge.config.SignalBinding;

/** Collects what one call of the station logic produced, and becomes its {@link Step}. */
final class Changes {

  private final Line line;
  private final List<Step.Event> events = new ArrayList<>();
  private final Set<String> touched = new LinkedHashSet<>();
  private final List<Step.Output> outputs = new ArrayList<>();
  private final List<Step.MarkRequest> marks = new ArrayList<>();
  private final Map<String, String> extra = new LinkedHashMap<>();

  Changes(Line line) {
    this.line = line;
  }

  void mark(Step.MarkRequest request) {
    marks.add(request);
  }

  /** State outside a station's memory, e.g. which unit a component went into. */
  void remember(String key, String value) {
    extra.put(key, value);
  }

  void output(String station, SignalBinding binding, Object value) {
    outputs.add(new Step.Output(station, binding, value));
  }

  void add(String station, EventPayload payload, Instant at) {
    events.add(new Step.Event(station, payload, at));
    touched.add(station);
  }

  /** The station's memory changed: it is saved with the step. */
  void touch(String station) {
    touched.add(station);
  }

  Step step() {
    if (events.isEmpty() && touched.isEmpty() && outputs.isEmpty() && marks.isEmpty()) {
      return Step.NOTHING;
    }
    Map<String, String> saved = new LinkedHashMap<>(extra);
    for (String station : touched) {
      saved.put(Line.key(station), line.memory(station).save());
    }
    return new Step(events, saved, outputs, marks);
  }
}
