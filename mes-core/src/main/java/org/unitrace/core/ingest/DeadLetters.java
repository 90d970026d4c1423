package org.unitrace.core.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads the dead letters without ever holding more than a page's byte budget of them: the list
 * comes through a database cursor with every text field cut short in SQL and stops at the budget,
 * and a payload is copied out in slices.
 */
@Component
class DeadLetters {

  /** One page, newest first, and the {@code beforeId} of the next page when there is more. */
  record Page(List<DeadLetterView> rows, Long nextBeforeId) {}

  static final int PAYLOAD_SLICE_BYTES = 64 * 1024;

  private static final int FETCH_ROWS = 50;

  private static final String PAGE =
      """
      SELECT id, received_at, source, left(topic, %d) AS topic, left(reason, %d) AS reason,
             left(path, %d) AS path, event_id, left(agent_id, %d) AS agent_id,
             octet_length(raw) AS payload_bytes, substring(raw FROM 1 FOR %d) AS head
        FROM dead_letter
       WHERE (?::bigint IS NULL OR id < ?::bigint)
       ORDER BY id DESC
       LIMIT ?
      """
          .formatted(
              DeadLetterView.TOPIC_CHARS + 1,
              DeadLetterView.REASON_CHARS + 1,
              DeadLetterView.PATH_CHARS + 1,
              DeadLetterView.AGENT_CHARS + 1,
              DeadLetterView.PREVIEW_BYTES);

  private final JdbcTemplate jdbcTemplate;
  private final JdbcClient jdbc;
  private final TransactionTemplate readOnly;
  private final ObjectMapper json;
  private final DeadLetterLimits limits;

  DeadLetters(
      JdbcTemplate jdbcTemplate,
      JdbcClient jdbc,
      PlatformTransactionManager transactions,
      ObjectMapper json,
      DeadLetterLimits limits) {
    this.jdbcTemplate = jdbcTemplate;
    this.jdbc = jdbc;
    this.readOnly = new TransactionTemplate(transactions);
    this.readOnly.setReadOnly(true); // PostgreSQL streams a result by cursor only in a transaction
    this.json = json;
    this.limits = limits;
  }

  /**
   * Up to {@code limit} dead letters older than {@code beforeId} (all when null), newest first, as
   * many as fit in {@link DeadLetterLimits#pageBytes()} of JSON (at least one).
   */
  Page page(int limit, Long beforeId) {
    return readOnly.execute(
        tx ->
            jdbcTemplate.query(
                connection -> {
                  PreparedStatement ps = connection.prepareStatement(PAGE);
                  ps.setFetchSize(FETCH_ROWS);
                  ps.setObject(1, beforeId, Types.BIGINT);
                  ps.setObject(2, beforeId, Types.BIGINT);
                  ps.setInt(3, limit + 1); // one more tells whether there is a next page
                  return ps;
                },
                (ResultSetExtractor<Page>) rs -> collect(rs, limit)));
  }

  private Page collect(ResultSet rs, int limit) throws SQLException {
    List<DeadLetterView> rows = new ArrayList<>();
    long bytes = 2; // [ and ]
    while (rs.next()) {
      DeadLetterView row = view(rs);
      long rowBytes = jsonBytes(row) + (rows.isEmpty() ? 0 : 1); // and its comma
      if (rows.size() == limit || (!rows.isEmpty() && bytes + rowBytes > limits.pageBytes())) {
        return new Page(rows, rows.get(rows.size() - 1).id());
      }
      rows.add(row);
      bytes += rowBytes;
    }
    return new Page(rows, null);
  }

  private static DeadLetterView view(ResultSet rs) throws SQLException {
    long payloadBytes = rs.getLong("payload_bytes");
    return new DeadLetterView(
        rs.getLong("id"),
        rs.getObject("received_at", OffsetDateTime.class),
        rs.getString("source"),
        DeadLetterView.clip(rs.getString("topic"), DeadLetterView.TOPIC_CHARS),
        DeadLetterView.clip(rs.getString("reason"), DeadLetterView.REASON_CHARS),
        DeadLetterView.clip(rs.getString("path"), DeadLetterView.PATH_CHARS),
        rs.getObject("event_id", UUID.class),
        DeadLetterView.clip(rs.getString("agent_id"), DeadLetterView.AGENT_CHARS),
        payloadBytes,
        DeadLetterView.preview(rs.getBytes("head"), payloadBytes));
  }

  private int jsonBytes(DeadLetterView row) {
    try {
      return json.writeValueAsBytes(row).length; // as the answer will write it
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("dead letter " + row.id() + " cannot be written as JSON", e);
    }
  }

  /** How many raw bytes the dead letter kept; empty when there is no such dead letter. */
  OptionalLong payloadBytes(long id) {
    return jdbc.sql("SELECT octet_length(raw) FROM dead_letter WHERE id = ?")
        .param(id)
        .query(Long.class)
        .optional()
        .map(OptionalLong::of)
        .orElse(OptionalLong.empty());
  }

  /** Copies the raw bytes to {@code out} a slice at a time, so no payload is held whole. */
  void copyPayload(long id, long payloadBytes, OutputStream out) {
    for (int from = 1; from <= payloadBytes; from += PAYLOAD_SLICE_BYTES) {
      byte[] slice =
          jdbc.sql("SELECT substring(raw FROM ? FOR ?) FROM dead_letter WHERE id = ?")
              .params(from, PAYLOAD_SLICE_BYTES, id)
              .query((rs, i) -> rs.getBytes(1))
              .optional()
              .orElseThrow(() -> new IllegalStateException("dead letter " + id + " went away"));
      try {
        out.write(slice);
      } catch (IOException e) {
        throw new UncheckedIOException("the client went away reading dead letter " + id, e);
      }
    }
  }
}
