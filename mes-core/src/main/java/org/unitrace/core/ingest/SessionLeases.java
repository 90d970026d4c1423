package org.unitrace.core.ingest;

import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Leases on MQTT client ids, in the database every core instance shares, so that one session is
 * connected by one instance at a time and a dead instance's session is found and adopted by a live
 * one. Every statement is a single atomic row update: two instances never both win a lease.
 */
@Component
@RequiredArgsConstructor
class SessionLeases {

  private static final String CLAIM =
      """
      INSERT INTO mqtt_session_lease (client_id, holder, adopted, expires_at)
      VALUES (:id, :holder, false, now() + make_interval(secs => :ttl))
      ON CONFLICT (client_id) DO UPDATE
        SET holder = EXCLUDED.holder, adopted = false, expires_at = EXCLUDED.expires_at
        WHERE mqtt_session_lease.expires_at < now()
           OR (mqtt_session_lease.holder = EXCLUDED.holder AND NOT mqtt_session_lease.adopted)
      RETURNING client_id
      """;

  private static final String RENEW =
      """
      UPDATE mqtt_session_lease SET expires_at = now() + make_interval(secs => :ttl)
      WHERE holder = :holder
      RETURNING client_id
      """;

  private static final String ADOPT =
      """
      UPDATE mqtt_session_lease
      SET holder = :holder, adopted = true, expires_at = now() + make_interval(secs => :ttl)
      WHERE client_id = (SELECT client_id FROM mqtt_session_lease
                         WHERE expires_at < now() AND holder <> :holder
                         ORDER BY expires_at LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING client_id
      """;

  private static final String OTHERS_ALIVE =
      """
      SELECT EXISTS (SELECT 1 FROM mqtt_session_lease
                     WHERE holder <> :holder AND NOT adopted AND expires_at > now())
      """;

  private final JdbcClient jdbc;

  /** Takes {@code clientId} as an own session: free, run out, or already this holder's own. */
  boolean claim(String clientId, String holder, Duration ttl) {
    return jdbc.sql(CLAIM)
        .param("id", clientId)
        .param("holder", holder)
        .param("ttl", seconds(ttl))
        .query(String.class)
        .optional()
        .isPresent();
  }

  /** Extends every lease of {@code holder}; answers the client ids it still holds. */
  Set<String> renew(String holder, Duration ttl) {
    return new HashSet<>(
        jdbc.sql(RENEW)
            .param("holder", holder)
            .param("ttl", seconds(ttl))
            .query(String.class)
            .list());
  }

  /** Takes over one run-out lease of another instance, if there is one. */
  Optional<String> adoptOne(String holder, Duration ttl) {
    return jdbc.sql(ADOPT)
        .param("holder", holder)
        .param("ttl", seconds(ttl))
        .query(String.class)
        .optional();
  }

  /** Whether another live instance holds a session of its own (and so the subscription). */
  boolean othersAlive(String holder) {
    return jdbc.sql(OTHERS_ALIVE).param("holder", holder).query(Boolean.class).single();
  }

  /** Gives a lease up: the session was ended, or is left for the next instance to resume. */
  void release(String clientId, String holder, boolean ended) {
    if (ended) {
      jdbc.sql("DELETE FROM mqtt_session_lease WHERE client_id = :id AND holder = :holder")
          .param("id", clientId)
          .param("holder", holder)
          .update();
    } else {
      jdbc.sql(
              "UPDATE mqtt_session_lease SET expires_at = now() - interval '1 millisecond'"
                  + " WHERE client_id = :id AND holder = :holder")
          .param("id", clientId)
          .param("holder", holder)
          .update();
    }
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }
}
