package org.unitrace.core.integration.notify;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How notifications are delivered ({@code unitrace.integration.notifications.*}). Off by default;
 * the defaults retry a receiver that is down for a day, from every ten seconds to every half hour.
 *
 * @param pollInterval how often the outbox is looked at for due deliveries
 * @param batchSize the most deliveries one instance claims at a time
 * @param senders how many deliveries one instance sends at once
 * @param lease how long a claimed delivery stays with the instance that claimed it; past that (the
 *     instance died while sending) another instance sends it again
 * @param maxAttempts tries before a delivery is dead
 * @param maxAge time since the first try (or the last re-send) after which it is dead
 */
@ConfigurationProperties("unitrace.integration.notifications")
public record NotificationProperties(
    @DefaultValue("false") boolean enabled,
    @DefaultValue("PT2S") Duration pollInterval,
    @DefaultValue("50") int batchSize,
    @DefaultValue("4") int senders,
    @DefaultValue("PT2M") Duration lease,
    @DefaultValue Backoff backoff,
    @DefaultValue("30") int maxAttempts,
    @DefaultValue("P1D") Duration maxAge,
    @DefaultValue Webhook webhook,
    @DefaultValue Mail mail) {

  public NotificationProperties {
    positive(pollInterval, "poll-interval");
    positive(lease, "lease");
    positive(maxAge, "max-age");
    if (batchSize < 1 || batchSize > 1000) {
      throw new IllegalArgumentException(
          "unitrace.integration.notifications.batch-size must be 1 to 1000, was " + batchSize);
    }
    if (senders < 1 || senders > 64) {
      throw new IllegalArgumentException(
          "unitrace.integration.notifications.senders must be 1 to 64, was " + senders);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException(
          "unitrace.integration.notifications.max-attempts must be at least 1, was " + maxAttempts);
    }
  }

  /** The wait before try {@code n + 1} after {@code n} failed tries: doubling, up to a bound. */
  public record Backoff(
      @DefaultValue("PT10S") Duration initial, @DefaultValue("PT30M") Duration max) {
    public Backoff {
      positive(initial, "backoff.initial");
      positive(max, "backoff.max");
    }

    Duration after(int failedTries) {
      Duration wait = initial;
      for (int i = 1; i < failedTries && wait.compareTo(max) < 0; i++) {
        wait = wait.multipliedBy(2);
      }
      return wait.compareTo(max) > 0 ? max : wait;
    }
  }

  /** Timeouts for a webhook call; a receiver slower than these counts as a failed try. */
  public record Webhook(
      @DefaultValue("PT5S") Duration connectTimeout,
      @DefaultValue("PT15S") Duration responseTimeout) {
    public Webhook {
      positive(connectTimeout, "webhook.connect-timeout");
      positive(responseTimeout, "webhook.response-timeout");
    }
  }

  /**
   * The SMTP server e-mail subscriptions are sent through.
   *
   * @param security {@code STARTTLS} (port 587, the upgrade required), {@code SMTPS} (TLS from the
   *     first byte, port 465) or {@code NONE} (a relay on the same host only)
   * @param trustStore a PKCS12 or JKS file with the certificate(s) to trust for the server, when
   *     its certificate is not signed by a CA the JVM trusts
   */
  public record Mail(
      String host,
      @DefaultValue("587") int port,
      @DefaultValue("STARTTLS") String security,
      String username,
      String password,
      @DefaultValue("unitrace@localhost") String from,
      @DefaultValue("[Unitrace]") String subjectPrefix,
      Path trustStore,
      String trustStorePassword,
      @DefaultValue("PT15S") Duration timeout) {
    public Mail {
      security = security.strip().toUpperCase(Locale.ROOT);
      if (!security.equals("STARTTLS") && !security.equals("SMTPS") && !security.equals("NONE")) {
        throw new IllegalArgumentException(
            "unitrace.integration.notifications.mail.security must be STARTTLS, SMTPS or NONE,"
                + " was "
                + security);
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException(
            "unitrace.integration.notifications.mail.port must be 1 to 65535, was " + port);
      }
      positive(timeout, "mail.timeout");
    }

    boolean configured() {
      return host != null && !host.isBlank();
    }
  }

  private static void positive(Duration d, String key) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(
          "unitrace.integration.notifications." + key + " must be a positive duration, was " + d);
    }
  }
}
