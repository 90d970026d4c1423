package org.unitrace.core.integration.notify;

import lombok.RequiredArgsConstructor;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The notification flow: a timer that hands due deliveries to the worker, and the two ways out (an
 * HTTP POST, an e-mail). Failures are the worker's to record and retry (with backoff kept in the
 * database, so across restarts), so the routes do not redeliver on their own.
 */
@Component
@ConditionalOnProperty(prefix = "unitrace.integration.notifications", name = "enabled")
@RequiredArgsConstructor
class NotificationRoutes extends RouteBuilder {

  static final String WEBHOOK = "direct:unitrace-notify-webhook";
  static final String EMAIL = "direct:unitrace-notify-email";

  private final NotificationProperties properties;
  private final DeliveryWorker worker;

  @Override
  public void configure() {
    from("timer:unitrace-notifications?period=" + properties.pollInterval().toMillis())
        .routeId("notifications-poll")
        .errorHandler(noErrorHandler())
        .process(x -> worker.deliverDue());

    from(WEBHOOK)
        .routeId("notifications-webhook")
        .errorHandler(noErrorHandler())
        .to(NotificationConfiguration.WEBHOOK_HTTP + "://webhook?httpMethod=POST");

    from(EMAIL)
        .routeId("notifications-email")
        .errorHandler(noErrorHandler())
        .to(mailUri(properties.mail()));
  }

  /** The SMTP endpoint: STARTTLS required, SMTPS, or plain only when configured so. */
  static String mailUri(NotificationProperties.Mail mail) {
    if (!mail.configured()) {
      return "log:unitrace-notify-email-unconfigured?level=WARN";
    }
    String protocol = mail.security().equals("SMTPS") ? "smtps" : "smtp";
    StringBuilder uri =
        new StringBuilder(protocol + "://" + mail.host().strip() + ":" + mail.port() + "?");
    long timeout = mail.timeout().toMillis();
    uri.append("connectionTimeout=").append(timeout);
    uri.append("&mail.").append(protocol).append(".timeout=").append(timeout);
    uri.append("&mail.").append(protocol).append(".writetimeout=").append(timeout);
    if (mail.security().equals("STARTTLS")) {
      uri.append("&mail.smtp.starttls.enable=true&mail.smtp.starttls.required=true");
    }
    if (mail.security().equals("STARTTLS") || mail.security().equals("SMTPS")) {
      uri.append("&mail.").append(protocol).append(".ssl.checkserveridentity=true");
      if (mail.trustStore() != null) {
        uri.append("&sslContextParameters=#").append(NotificationConfiguration.MAIL_SSL);
      }
    }
    if (mail.username() != null && !mail.username().isBlank()) {
      uri.append("&username=RAW(").append(mail.username()).append(")");
      uri.append("&password=RAW(").append(mail.password() == null ? "" : mail.password());
      uri.append(")");
    }
    return uri.toString();
  }
}
