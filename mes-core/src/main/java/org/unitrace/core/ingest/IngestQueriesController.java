package org.unitrace.core.ingest;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.unitrace.core.system.NotFoundException;

/** What ingestion could not take, and how each agent's stream stands. */
@RestController
@RequestMapping("/api")
@Validated
@RequiredArgsConstructor
class IngestQueriesController {

  private final JdbcClient jdbc;
  private final DeadLetters deadLetters;

  @Operation(
      summary = "Dead letters, newest first, a page at a time",
      description =
          "At most 'limit' rows and at most unitrace.dead-letters.page-bytes (128 KiB by default)"
              + " of JSON, whichever comes first. Each row shows the payload's size and a short"
              + " preview, never the payload (GET /api/dead-letters/{id}/payload). When there is"
              + " more, the Link header (rel=\"next\") names the next page.")
  @GetMapping("/dead-letters")
  ResponseEntity<List<DeadLetterView>> deadLetters(
      @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
      @RequestParam(required = false) Long beforeId) {
    DeadLetters.Page page = deadLetters.page(limit, beforeId);
    ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
    if (page.nextBeforeId() != null) {
      answer.header(
          HttpHeaders.LINK,
          "</api/dead-letters?limit=%d&beforeId=%d>; rel=\"next\""
              .formatted(limit, page.nextBeforeId()));
    }
    return answer.body(page.rows());
  }

  @Operation(
      summary = "One dead letter's raw bytes, as they were kept",
      description =
          "application/octet-stream, as an attachment: the bytes as sent (up to 1 MiB), copied"
              + " from the database a slice at a time.")
  @GetMapping("/dead-letters/{id}/payload")
  void payload(@PathVariable long id, HttpServletResponse response) throws IOException {
    long size =
        deadLetters
            .payloadBytes(id)
            .orElseThrow(() -> new NotFoundException("dead letter", String.valueOf(id)));
    response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
    response.setContentLengthLong(size);
    response.setHeader(
        HttpHeaders.CONTENT_DISPOSITION,
        ContentDisposition.attachment().filename("dead-letter-" + id + ".bin").build().toString());
    deadLetters.copyPayload(id, size, response.getOutputStream());
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
