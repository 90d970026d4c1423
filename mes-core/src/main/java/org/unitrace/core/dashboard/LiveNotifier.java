package org.unitrace.core.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventPayload;
import org.unitrace.core.dashboard.LiveFeed.LineTally;
import org.unitrace.core.dashboard.LiveFeed.StateChange;
import org.unitrace.core.ingest.EventsStored;

/**
 * Announces each stored batch to every core instance's live feed: a {@code NOTIFY} on the channel
 * {@value #CHANNEL}, sent inside the ingesting transaction, so PostgreSQL delivers it when (and
 * only when) the batch commits, whichever instance stored it, even if that instance dies a moment
 * later. A notification carries the batch's tally per line and its state changes, in parts that
 * stay under PostgreSQL's 8000-byte payload limit.
 */
@Component
@RequiredArgsConstructor
class LiveNotifier {

  static final String CHANNEL = "unitrace_live";
  private static final int MAX_PAYLOAD_BYTES = 7000;

  /** One notification: some lines' tallies and some state changes of one batch. */
  record Part(long events, List<LineTally> lines, List<StateChange> states) {}

  private final JdbcClient jdbc;
  private final ObjectMapper json;

  @EventListener
  void stored(EventsStored batch) {
    Map<String, LineTally> lines = new LinkedHashMap<>();
    List<StateChange> states = new ArrayList<>();
    for (Event e : batch.events()) {
      lines.merge(
          e.site() + "/" + e.line(),
          new LineTally(e.site(), e.line(), 0, 0, 0, 0, 0).plus(e),
          (was, one) -> was.plus(e));
      if (e.payload() instanceof EventPayload.StationStateChanged s) {
        states.add(
            new StateChange(
                e.site(), e.line(), e.station(), s.state().name(), s.faultCode(), e.occurredAt()));
      }
    }
    for (String payload : parts(List.copyOf(lines.values()), states)) {
      jdbc.sql("SELECT pg_notify(?, ?)").params(CHANNEL, payload).query().singleRow();
    }
  }

  /**
   * The batch as notifications small enough for PostgreSQL (each item's size is measured once; the
   * event total of a part is the sum of its lines' tallies).
   */
  private List<String> parts(List<LineTally> lines, List<StateChange> states) {
    List<String> out = new ArrayList<>();
    List<LineTally> someLines = new ArrayList<>();
    List<StateChange> someStates = new ArrayList<>();
    int size = 0;
    for (Object item : concat(lines, states)) {
      int itemSize = bytes(item) + 1;
      if (size + itemSize > MAX_PAYLOAD_BYTES && size > 0) {
        out.add(encode(someLines, someStates));
        someLines = new ArrayList<>();
        someStates = new ArrayList<>();
        size = 0;
      }
      if (item instanceof LineTally t) {
        someLines.add(t);
      } else {
        someStates.add((StateChange) item);
      }
      size += itemSize;
    }
    if (size > 0) {
      out.add(encode(someLines, someStates));
    }
    return out;
  }

  private static List<Object> concat(List<LineTally> lines, List<StateChange> states) {
    List<Object> all = new ArrayList<>(lines);
    all.addAll(states);
    return all;
  }

  private int bytes(Object item) {
    try {
      return json.writeValueAsBytes(item).length;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private String encode(List<LineTally> lines, List<StateChange> states) {
    long events = lines.stream().mapToLong(LineTally::events).sum();
    try {
      return json.writeValueAsString(new Part(events, List.copyOf(lines), List.copyOf(states)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
