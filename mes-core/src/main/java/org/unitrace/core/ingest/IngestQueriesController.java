package org.unitrace.core.ingest;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What ingestion could not take, and how each agent's stream stands. */
@RestController
@RequestMapping("/api")
@Validated
class IngestQueriesController {

  private final JdbcClient jdbc;

  IngestQueriesController(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A dead letter as shown: the raw bytes as text (UTF-8, as sent) next to why. */
  record DeadLetterView(
      long id,
      OffsetDateTime receivedAt,
      String source,
      String topic,
      String reason,
      String path,
      UUID eventId,
      String agentId,
      String raw) {}

  @GetMapping("/dead-letters")
  List<DeadLetterView> deadLetters(
      @RequestParam(defaultValue = "100")
          @jakarta.validation.constraints.Min(1)
          @jakarta.validation.constraints.Max(1000)
          int limit,
      @RequestParam(required = false) Long beforeId) {
    return jdbc.sql(
            """
            SELECT id, received_at, source, topic, reason, path, event_id, agent_id, raw
              FROM dead_letter
             WHERE (:beforeId::bigint IS NULL OR id < :beforeId::bigint)
             ORDER BY id DESC LIMIT :limit
            """)
        .param("beforeId", beforeId)
        .param("limit", limit)
        .query(
            (rs, i) ->
                new DeadLetterView(
                    rs.getLong("id"),
                    rs.getObject("received_at", OffsetDateTime.class),
                    rs.getString("source"),
                    rs.getString("topic"),
                    rs.getString("reason"),
                    rs.getString("path"),
                    rs.getObject("event_id", UUID.class),
                    rs.getString("agent_id"),
                    new String(rs.getBytes("raw"), StandardCharsets.UTF_8)))
        .list();
  }

  record Gap(long fromSeq, long toSeq, OffsetDateTime detectedAt) {}

  record AgentView(
      String agentId,
      String site,
      String line,
      long lastSeq,
      OffsetDateTime firstSeenAt,
      OffsetDateTime lastSeenAt,
      long eventsStored,
      long missing,
      List<Gap> gaps) {}

  @GetMapping("/agents")
  List<AgentView> agents() {
    return jdbc.sql(
            "SELECT agent_id, site, line, last_seq, first_seen_at, last_seen_at, events_stored"
                + " FROM agent ORDER BY agent_id")
        .query(
            (rs, i) -> {
              String id = rs.getString("agent_id");
              List<Gap> gaps = gapsOf(id);
              return new AgentView(
                  id,
                  rs.getString("site"),
                  rs.getString("line"),
                  rs.getLong("last_seq"),
                  rs.getObject("first_seen_at", OffsetDateTime.class),
                  rs.getObject("last_seen_at", OffsetDateTime.class),
                  rs.getLong("events_stored"),
                  gaps.stream().mapToLong(g -> g.toSeq() - g.fromSeq() + 1).sum(),
                  gaps);
            })
        .list();
  }

  private List<Gap> gapsOf(String agentId) {
    return jdbc.sql(
            "SELECT from_seq, to_seq, detected_at FROM agent_seq_gap WHERE agent_id = ?"
                + " ORDER BY from_seq LIMIT 1000")
        .param(agentId)
        .query(
            (rs, i) -> new Gap(rs.getLong(1), rs.getLong(2), rs.getObject(3, OffsetDateTime.class)))
        .list();
  }
}
