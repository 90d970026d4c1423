package org.unitrace.core.security;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Slows password guessing, for the login form and HTTP Basic alike: failed password logins are
 * counted per user name and per client address in a fixed window; once either reaches its limit,
 * logins for that user or from that address are refused (429) until the block ends, the right
 * password included. The counts live in the database, so the limit holds across all mes-core
 * instances. Bearer tokens are not throttled: they are random, not guessable.
 *
 * <p>That a user and an address are not blocked is reused for a moment ({@link Recent}), until any
 * login fails on this instance: a guesser's failures are counted and checked on every attempt, and
 * a block that failures on another instance set reaches a user and address that just logged in
 * successfully here within the lookup cache's ttl.
 */
@Component
class LoginThrottle {

  private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

  private final JdbcClient jdbc;
  private final SecurityProperties.LoginThrottle config;
  private final Recent<List<String>, Boolean> notBlocked;

  LoginThrottle(JdbcClient jdbc, SecurityProperties properties) {
    this.jdbc = jdbc;
    this.config = properties.loginThrottle();
    this.notBlocked = properties.lookupCache().recent();
  }

  /** Why a login is refused now, and for how long; empty when it may be tried. */
  record Blocked(String who, Duration retryAfter) {}

  Optional<Blocked> blocked(String username, String address) {
    List<String> key = List.of(userKey(username), addressKey(address));
    if (notBlocked.kept(key) != null) {
      return Optional.empty();
    }
    Optional<Blocked> blocked = lookUp(username, address);
    if (blocked.isEmpty()) {
      notBlocked.put(key, Boolean.TRUE);
    }
    return blocked;
  }

  private Optional<Blocked> lookUp(String username, String address) {
    return jdbc.sql(
            """
            SELECT key, ceil(extract(epoch FROM blocked_until - now()))::bigint AS seconds
              FROM login_throttle
             WHERE key IN (?, ?) AND blocked_until > now()
             ORDER BY blocked_until DESC LIMIT 1
            """)
        .params(userKey(username), addressKey(address))
        .query(
            (rs, i) ->
                new Blocked(
                    rs.getString(1).startsWith("user:")
                        ? "user '%s'".formatted(username)
                        : "address %s".formatted(address),
                    Duration.ofSeconds(Math.max(1, rs.getLong(2)))))
        .optional();
  }

  /** A wrong password (or an unknown user) on the form or HTTP Basic. */
  @EventListener
  void failed(AuthenticationFailureBadCredentialsEvent event) {
    notBlocked.forgetAll();
    if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken login) {
      String address =
          login.getDetails() instanceof WebAuthenticationDetails web
              ? web.getRemoteAddress()
              : null;
      try {
        count(userKey(login.getName()), config.maxFailuresPerUser());
        if (address != null) {
          count(addressKey(address), config.maxFailuresPerAddress());
        }
      } catch (DataAccessException e) {
        // the caller still gets their 401; a failure not counted is a guess more, not an outage
        log.warn(
            "a failed login of '{}' could not be counted: {}", login.getName(), e.getMessage());
      }
    }
  }

  private void count(String key, int limit) {
    jdbc.sql(
            """
            INSERT INTO login_throttle AS t (key, failures, window_start) VALUES (:key, 1, now())
            ON CONFLICT (key) DO UPDATE SET
              failures = CASE WHEN t.window_start < now() - make_interval(secs => :window)
                              THEN 1 ELSE t.failures + 1 END,
              window_start = CASE WHEN t.window_start < now() - make_interval(secs => :window)
                                  THEN now() ELSE t.window_start END
            """)
        .param("key", key)
        .param("window", (double) config.window().toSeconds())
        .update();
    jdbc.sql(
            """
            UPDATE login_throttle SET blocked_until = now() + make_interval(secs => :block)
             WHERE key = :key AND failures >= :limit
            """)
        .param("key", key)
        .param("block", (double) config.block().toSeconds())
        .param("limit", limit)
        .update();
  }

  /** Forgets windows and blocks that are over, so guessed user names do not pile up. */
  @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1H")
  void forgetOld() {
    jdbc.sql(
            """
            DELETE FROM login_throttle
             WHERE window_start < now() - make_interval(secs => :window)
               AND (blocked_until IS NULL OR blocked_until < now())
            """)
        .param("window", (double) config.window().toSeconds())
        .update();
  }

  private static String userKey(String username) {
    return "user:" + (username.length() > 200 ? username.substring(0, 200) : username);
  }

  private static String addressKey(String address) {
    return "addr:" + address;
  }
}
