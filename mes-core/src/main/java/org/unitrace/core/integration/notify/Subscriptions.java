package org.unitrace.core.integration.notify;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import lombok.RequiredArgsConstructor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.system.ConflictException;
import org.unitrace.core.system.NotFoundException;

/** Who is told of what, and how: created, listed and removed by admins (audited). */
@Service
@ConditionalOnProperty(prefix = "unitrace.integration.notifications", name = "enabled")
@RequiredArgsConstructor
class Subscriptions {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final JdbcClient jdbc;
  private final AuditLog audit;

  /** What an admin asks for; {@code secret} may be left out for a webhook (one is made). */
  record Request(
      String name,
      List<String> kinds,
      String line,
      String channel,
      String url,
      List<String> recipients,
      String secret,
      Boolean enabled) {}

  /** A subscription as listed: never with its secret. */
  record Subscription(
      long id,
      String name,
      List<String> kinds,
      String line,
      String channel,
      String target,
      boolean enabled,
      String createdBy,
      OffsetDateTime createdAt) {}

  /** The answer to a creation: the webhook's secret is shown this once. */
  record Created(Subscription subscription, String secret) {}

  @Transactional
  Created create(Request r, String by) {
    if (r == null) {
      throw new IllegalArgumentException("a subscription needs a body: name, kinds, channel, ...");
    }
    String name = required(r.name(), "name");
    if (name.length() > 100) {
      throw new IllegalArgumentException("'name' is at most 100 characters");
    }
    if (r.kinds() == null || r.kinds().isEmpty()) {
      throw new IllegalArgumentException(
          "'kinds' must list at least one kind of notification for subscription '" + name + "'");
    }
    Set<String> kinds = new LinkedHashSet<>();
    r.kinds().forEach(k -> kinds.add(Kind.parse(k).name()));
    String channel = required(r.channel(), "channel").toUpperCase(Locale.ROOT);
    String target;
    String secret = null;
    switch (channel) {
      case "WEBHOOK" -> {
        target = webhookUrl(r.url());
        secret = r.secret() == null || r.secret().isBlank() ? newSecret() : r.secret().strip();
        if (secret.length() < 16) {
          throw new IllegalArgumentException(
              "'secret' must be at least 16 characters (leave it out and one is made)");
        }
        if (r.recipients() != null && !r.recipients().isEmpty()) {
          throw new IllegalArgumentException("'recipients' are for channel EMAIL, not WEBHOOK");
        }
      }
      case "EMAIL" -> {
        target = recipients(r.recipients());
        if (r.url() != null || r.secret() != null) {
          throw new IllegalArgumentException(
              "'url' and 'secret' are for channel WEBHOOK, not EMAIL");
        }
      }
      default ->
          throw new IllegalArgumentException(
              "'channel' must be WEBHOOK or EMAIL, was '" + r.channel() + "'");
    }
    String line = r.line() == null || r.line().isBlank() ? null : r.line().strip();
    long id;
    try {
      id =
          jdbc.sql(
                  """
                  INSERT INTO notification_subscription (name, kinds, line, channel, target, secret,
                                                         enabled, created_by)
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                  """)
              .params(
                  name,
                  kinds.toArray(String[]::new),
                  line,
                  channel,
                  target,
                  secret,
                  r.enabled() == null || r.enabled(),
                  by)
              .query(Long.class)
              .single();
    } catch (DuplicateKeyException e) {
      throw new ConflictException("a subscription named '%s' exists already".formatted(name));
    }
    Subscription created = get(id);
    audit.record("notification.subscribe", "notification_subscription", name, null, created, null);
    return new Created(created, secret);
  }

  List<Subscription> list() {
    return jdbc.sql(SELECT + " ORDER BY id").query(Subscriptions::row).list();
  }

  Subscription get(long id) {
    return jdbc.sql(SELECT + " WHERE id = ?")
        .param(id)
        .query(Subscriptions::row)
        .optional()
        .orElseThrow(() -> new NotFoundException("notification subscription", String.valueOf(id)));
  }

  /** Removes it with its deliveries: what was not delivered yet is not sent any more. */
  @Transactional
  void delete(long id, String reason) {
    Subscription before = get(id);
    jdbc.sql("DELETE FROM notification_subscription WHERE id = ?").param(id).update();
    audit.record(
        "notification.unsubscribe",
        "notification_subscription",
        before.name(),
        before,
        null,
        reason);
  }

  private static Subscription row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    return new Subscription(
        rs.getLong("id"),
        rs.getString("name"),
        List.of((String[]) rs.getArray("kinds").getArray()),
        rs.getString("line"),
        rs.getString("channel"),
        rs.getString("target"),
        rs.getBoolean("enabled"),
        rs.getString("created_by"),
        rs.getObject("created_at", OffsetDateTime.class));
  }

  private static String webhookUrl(String url) {
    String u = required(url, "url");
    try {
      URI uri = new URI(u);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "'url' must be an absolute http or https URL, was '" + u + "'");
      }
      return uri.toString();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "'url' is not a URL: %s (at index %d)".formatted(e.getReason(), e.getIndex()));
    }
  }

  private static String recipients(List<String> recipients) {
    if (recipients == null || recipients.isEmpty()) {
      throw new IllegalArgumentException("'recipients' must list at least one e-mail address");
    }
    List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < recipients.size(); i++) {
      String a = recipients.get(i) == null ? "" : recipients.get(i).strip();
      try {
        InternetAddress address = new InternetAddress(a, true);
        out.add(address.getAddress());
      } catch (AddressException e) {
        throw new IllegalArgumentException(
            "'recipients[%d]' is not an e-mail address: '%s' (%s)".formatted(i, a, e.getMessage()));
      }
    }
    return String.join(",", out);
  }

  private static String required(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("'" + field + "' is required");
    }
    return value.strip();
  }

  private static String newSecret() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static final String SELECT =
      """
      SELECT id, name, kinds, line, channel, target, enabled, created_by, created_at
        FROM notification_subscription
      """;
}
