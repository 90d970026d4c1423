package org.unitrace.core.integration.notify;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.unitrace.core.system.Setting;

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

  private static final String KEY = "unitrace.integration.notifications.";

  public NotificationProperties {
    Setting.positive(KEY + "poll-interval", pollInterval);
    Setting.positive(KEY + "lease", lease);
    Setting.positive(KEY + "max-age", maxAge);
    Setting.within(KEY + "batch-size", batchSize, 1, 1000);
    Setting.within(KEY + "senders", senders, 1, 64);
    Setting.atLeast(KEY + "max-attempts", maxAttempts, 1);
  }

  /** The wait before try {@code n + 1} after {@code n} failed tries: doubling, up to a bound. */
  public record Backoff(
      @DefaultValue("PT10S") Duration initial, @DefaultValue("PT30M") Duration max) {
    public Backoff {
      Setting.positive(KEY + "backoff.initial", initial);
      Setting.positive(KEY + "backoff.max", max);
    }

    Duration after(int failedTries) {
      return Setting.doubling(initial, max, failedTries);
    }
  }

  /** Timeouts for a webhook call; a receiver slower than these counts as a failed try. */
  public record Webhook(
      @DefaultValue("PT5S") Duration connectTimeout,
      @DefaultValue("PT15S") Duration responseTimeout) {
    public Webhook {
      Setting.positive(KEY + "webhook.connect-timeout", connectTimeout);
      Setting.positive(KEY + "webhook.response-timeout", responseTimeout);
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
      Setting.within(KEY + "mail.port", port, 1, 65535);
      Setting.positive(KEY + "mail.timeout", timeout);
    }

    boolean configured() {
      return host != null && !host.isBlank();
    }
  }
}
