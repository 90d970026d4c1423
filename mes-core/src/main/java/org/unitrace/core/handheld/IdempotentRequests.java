package org.unitrace.core.handheld;

import java.util.Optional;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The idempotency keys seen and the answers given (table {@code idempotent_request}); kept for 30
 * days, far longer than any device stays offline with a queue.
 */
@Service
@RequiredArgsConstructor
class IdempotentRequests {

  private final JdbcClient jdbc;

  record Claim(UUID key, String username, String method, String path) {}

  record Stored(
      String username,
      String method,
      String path,
      Integer status,
      String contentType,
      byte[] body) {}

  /**
   * Claims the key in the caller's transaction; answers empty when it is ours now, else what the
   * first request with it was answered (waiting for that request to commit if it is still running).
   */
  Optional<Stored> claim(Claim c) {
    int claimed =
        jdbc.sql(
                """
                INSERT INTO idempotent_request (key, username, method, path)
                VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING
                """)
            .params(c.key(), c.username(), c.method(), c.path())
            .update();
    if (claimed == 1) {
      return Optional.empty();
    }
    return Optional.of(
        jdbc.sql(
                """
                SELECT username, method, path, status, content_type, body
                  FROM idempotent_request WHERE key = ?
                """)
            .param(c.key())
            .query(Stored.class)
            .single());
  }

  void answer(UUID key, int status, String contentType, byte[] body) {
    jdbc.sql("UPDATE idempotent_request SET status = ?, content_type = ?, body = ? WHERE key = ?")
        .params(status, contentType, body, key)
        .update();
  }

  /** A refusal, kept after its transaction rolled back so that a resend is refused alike. */
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  void refusal(Claim c, int status, String contentType, byte[] body) {
    jdbc.sql(
            """
            INSERT INTO idempotent_request (key, username, method, path, status, content_type,
                                            body)
            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING
            """)
        .params(c.key(), c.username(), c.method(), c.path(), status, contentType, body)
        .update();
  }

  @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
  void forgetOld() {
    jdbc.sql("DELETE FROM idempotent_request WHERE created_at < now() - interval '30 days'")
        .update();
  }
}
