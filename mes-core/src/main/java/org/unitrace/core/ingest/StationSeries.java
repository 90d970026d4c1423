package org.unitrace.core.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventPayload.CyclesNotCaptured;
import org.unitrace.contract.EventPayload.MarkVerified;
import org.unitrace.contract.EventPayload.StationResult;
import org.unitrace.contract.EventPayload.StationStateChanged;
import org.unitrace.contract.EventPayload.UnitSerialized;

/**
 * The time series the dashboards read: what each station did to which unit (results with their
 * process values, marks, serializations) and each station's machine state over time.
 */
@Component
@RequiredArgsConstructor
class StationSeries {

  private static final String STATION_EVENT =
      """
      INSERT INTO station_event (time, site, line, station, type, unit_serial, result,
                                 failure_code, cycle_time_ms, process_values, event_id)
      SELECT time, site, line, station, type, unit_serial, result, failure_code, cycle_time_ms,
             process_values::jsonb, event_id
        FROM unnest(?::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                    ?::text[], ?::text[], ?::bigint[], ?::text[], ?::uuid[])
             AS r(time, site, line, station, type, unit_serial, result, failure_code,
                  cycle_time_ms, process_values, event_id)
      """;

  private static final String STATION_STATE =
      """
      INSERT INTO station_state (time, site, line, station, state, fault_code, reason, event_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      """;

  /** The station's current state follows the newest change, whatever order changes arrive in. */
  private static final String CURRENT_STATE =
      """
      UPDATE station SET state = ?, fault_code = ?, state_changed_at = ?
       WHERE site = ? AND line = ? AND code = ?
         AND (state_changed_at IS NULL OR state_changed_at <= ?)
      """;

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;

  void record(List<Event> events) {
    List<Object[]> stationEvents = new ArrayList<>();
    List<Object[]> states = new ArrayList<>();
    List<Object[]> current = new ArrayList<>();
    for (Event e : events) {
      var at = Projections.ts(e);
      if (e.payload() instanceof StationResult r) {
        stationEvents.add(
            row(
                e,
                r.unitSerial(),
                r.result().name(),
                r.failureCode(),
                r.cycleTimeMs(),
                r.values()));
      } else if (e.payload() instanceof MarkVerified m) {
        stationEvents.add(
            row(
                e,
                m.serial(),
                m.passed() ? "OK" : "NOK",
                m.passed() ? null : m.failureCode() == null ? "MARK_FAILED" : m.failureCode(),
                null,
                m.grade() == null ? null : java.util.Map.of("grade", m.grade())));
      } else if (e.payload() instanceof UnitSerialized u) {
        stationEvents.add(row(e, u.serial(), null, null, null, null));
      } else if (e.payload() instanceof CyclesNotCaptured g) {
        Map<String, Object> gap = new LinkedHashMap<>();
        gap.put("fromCounter", g.fromCounter());
        gap.put("toCounter", g.toCounter());
        gap.put("count", g.count());
        if (g.since() != null) {
          gap.put("since", g.since().toString());
        }
        stationEvents.add(row(e, null, null, "NOT_CAPTURED", null, gap));
      } else if (e.payload() instanceof StationStateChanged s) {
        states.add(
            new Object[] {
              at,
              e.site(),
              e.line(),
              e.station(),
              s.state().name(),
              s.faultCode(),
              s.reason(),
              e.eventId()
            });
        current.add(
            new Object[] {
              s.state().name(), s.faultCode(), at, e.site(), e.line(), e.station(), at
            });
      }
    }
    if (!stationEvents.isEmpty()) {
      ColumnBatch rows =
          new ColumnBatch(
              stationEvents.size(),
              "timestamptz",
              "text",
              "text",
              "text",
              "text",
              "text",
              "text",
              "text",
              "int8",
              "text",
              "uuid");
      for (Object[] r : stationEvents) {
        rows.next();
        for (int c = 0; c < r.length; c++) {
          rows.set(c, r[c]);
        }
      }
      rows.execute(jdbc, STATION_EVENT);
    }
    if (!states.isEmpty()) {
      jdbc.batchUpdate(STATION_STATE, states);
      jdbc.batchUpdate(CURRENT_STATE, current);
    }
  }

  private Object[] row(
      Event e,
      String unitSerial,
      String result,
      String failureCode,
      Long cycleTimeMs,
      Map<String, Object> values) {
    return new Object[] {
      Projections.ts(e),
      e.site(),
      e.line(),
      e.station(),
      e.type().name(),
      unitSerial,
      result,
      failureCode,
      cycleTimeMs,
      toJson(values),
      e.eventId()
    };
  }

  private String toJson(Map<String, Object> values) {
    if (values == null || values.isEmpty()) {
      return null;
    }
    try {
      return json.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("process values cannot be written as JSON: " + values, e);
    }
  }
}
