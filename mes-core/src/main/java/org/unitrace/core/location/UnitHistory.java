package org.unitrace.core.location;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The after-sales entries of units' timelines (moves, shipments, sales, returns, repairs), appended
 * in bulk in the transaction of the action they record. {@code GET /api/units/{serial}} shows them
 * among the line's events.
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class UnitHistory {

  private final JdbcClient jdbc;
  private final ObjectMapper json;

  public record Entry(
      UUID id,
      String serial,
      String kind,
      OffsetDateTime at,
      String by,
      String fromPlace,
      String toPlace,
      String site,
      com.fasterxml.jackson.databind.JsonNode details) {}

  /** Appends {@code entry} to the timeline of every serial, at {@code at}, by {@code by}. */
  public void record(Collection<String> serials, Instant at, String by, HistoryEntry entry) {
    HistoryEntry.Move move = entry.move();
    jdbc.sql(
            """
            INSERT INTO unit_history (serial, kind, at, by, from_place, to_place, site, details)
            SELECT s, ?, ?, ?, ?, ?, ?, ?::jsonb FROM unnest(?::text[]) AS s
            """)
        .params(
            entry.kind(),
            Timestamp.from(at),
            by,
            move.from(),
            move.to(),
            move.site(),
            toJson(entry.details()),
            serials.toArray(String[]::new))
        .update();
  }

  /** Details from key-value pairs; null values are left out. */
  static Map<String, Object> details(Object... keyValues) {
    Map<String, Object> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      if (keyValues[i + 1] != null) {
        map.put((String) keyValues[i], keyValues[i + 1]);
      }
    }
    return map;
  }

  public List<Entry> of(String serial) {
    return jdbc.sql(
            """
            SELECT id, serial, kind, at, by, from_place, to_place, site, details::text AS details
              FROM unit_history WHERE serial = ? ORDER BY at, id
            """)
        .param(serial)
        .query(
            (rs, i) ->
                new Entry(
                    rs.getObject("id", UUID.class),
                    rs.getString("serial"),
                    rs.getString("kind"),
                    rs.getObject("at", OffsetDateTime.class),
                    rs.getString("by"),
                    rs.getString("from_place"),
                    rs.getString("to_place"),
                    rs.getString("site"),
                    read(rs.getString("details"))))
        .list();
  }

  private String toJson(Map<String, ?> details) {
    try {
      return json.writeValueAsString(details == null ? Map.of() : details);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("history details are not serializable: " + details, e);
    }
  }

  private com.fasterxml.jackson.databind.JsonNode read(String text) {
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unit_history holds invalid JSON: " + text, e);
    }
  }
}
