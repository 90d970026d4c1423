package org.unitrace.core.integration.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.unitrace.core.system.ConflictException;
import org.unitrace.line.DaemonThreads;

/**
 * Sends what the outbox holds: claims due deliveries, hands each to the webhook or e-mail route,
 * records the outcome. Driven by {@link NotificationRoutes}' timer; several instances share the
 * outbox without sending a delivery twice (claims skip rows another instance holds).
 */
@Component
@ConditionalOnProperty(prefix = "unitrace.integration.notifications", name = "enabled")
class DeliveryWorker {

  private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

  private final Deliveries deliveries;
  private final NotificationProperties properties;
  private final ProducerTemplate producer;
  private final Messages messages;
  private final ExecutorService senders;

  DeliveryWorker(
      Deliveries deliveries,
      NotificationProperties properties,
      ProducerTemplate producer,
      ObjectMapper json) {
    this.deliveries = deliveries;
    this.properties = properties;
    this.producer = producer;
    this.messages = new Messages(json);
    this.senders =
        Executors.newFixedThreadPool(
            properties.senders(), DaemonThreads.named("notification-sender"));
  }

  /** Sends every due delivery, a claimed batch at a time; answers how many were tried. */
  int deliverDue() {
    int tried = 0;
    while (true) {
      List<Deliveries.Claimed> claimed =
          deliveries.claim(properties.batchSize(), properties.lease(), null);
      List<Future<?>> sent = new ArrayList<>();
      for (Deliveries.Claimed c : claimed) {
        sent.add(senders.submit(() -> send(c)));
      }
      for (Future<?> f : sent) {
        try {
          f.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return tried;
        } catch (Exception e) {
          log.error("a notification sender failed", e);
        }
      }
      tried += claimed.size();
      if (claimed.size() < properties.batchSize()) {
        return tried;
      }
    }
  }

  /** Tries one delivery now (the admin API's test): one try, which the answer shows. */
  Deliveries.Delivery deliverNow(long deliveryId) {
    List<Deliveries.Claimed> claimed = deliveries.claim(1, properties.lease(), deliveryId);
    if (claimed.isEmpty()) {
      throw new ConflictException("delivery %d is not due or is being sent".formatted(deliveryId));
    }
    send(claimed.get(0), 1);
    return deliveries.find(deliveryId).orElseThrow();
  }

  private void send(Deliveries.Claimed c) {
    send(c, properties.maxAttempts());
  }

  private void send(Deliveries.Claimed c, int maxAttempts) {
    long start = System.nanoTime();
    Integer status = null;
    String error;
    try {
      Exchange done =
          switch (c.channel()) {
            case "WEBHOOK" -> webhook(c);
            case "EMAIL" -> email(c);
            default -> throw new IllegalStateException("unknown channel " + c.channel());
          };
      Exception e = done.getException();
      Object code = done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE);
      status = code instanceof Integer i ? i : null;
      if (e == null) {
        deliveries.delivered(c, status, millisSince(start));
        return;
      }
      if (e instanceof HttpOperationFailedException h) {
        status = h.getStatusCode();
        error = "%s answered %d %s".formatted(c.target(), h.getStatusCode(), h.getStatusText());
      } else {
        error = describe(c, e);
      }
    } catch (RuntimeException e) {
      error = describe(c, e);
    }
    Duration wait = properties.backoff().after(c.attempt());
    try {
      boolean dead =
          deliveries.failed(
              c, status, error, millisSince(start), maxAttempts, properties.maxAge(), wait);
      if (dead) {
        log.warn(
            "notification {} to subscription '{}' is dead after {} tries: {}",
            c.notificationId(),
            c.subscription(),
            c.attempt(),
            error);
      } else {
        log.info(
            "notification {} to subscription '{}', try {} failed, again at {}: {}",
            c.notificationId(),
            c.subscription(),
            c.attempt(),
            Instant.now().plus(wait),
            error);
      }
    } catch (RuntimeException e) {
      // the subscription was deleted meanwhile, or the database is away: the lease runs out and
      // the delivery (if it still exists) is tried again
      log.warn("cannot record the failed try of delivery {}: {}", c.id(), e.getMessage());
    }
  }

  private Exchange webhook(Deliveries.Claimed c) {
    byte[] body = messages.body(c);
    String timestamp = String.valueOf(Instant.now().getEpochSecond());
    return producer.send(
        NotificationRoutes.WEBHOOK,
        x -> {
          x.getMessage().setBody(body);
          x.getMessage().setHeader(Exchange.HTTP_URI, c.target());
          x.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
          x.getMessage().setHeader("X-Unitrace-Event-Id", c.notificationId().toString());
          x.getMessage().setHeader("X-Unitrace-Kind", c.kind());
          x.getMessage().setHeader("X-Unitrace-Timestamp", timestamp);
          x.getMessage().setHeader("X-Unitrace-Delivery-Attempt", String.valueOf(c.attempt()));
          x.getMessage()
              .setHeader(
                  "X-Unitrace-Signature", WebhookSignature.sign(c.secret(), timestamp, body));
        });
  }

  private Exchange email(Deliveries.Claimed c) {
    NotificationProperties.Mail mail = properties.mail();
    if (!mail.configured()) {
      throw new IllegalStateException(
          "no SMTP server is configured (unitrace.integration.notifications.mail.host)");
    }
    return producer.send(
        NotificationRoutes.EMAIL,
        x -> {
          x.getMessage().setBody(messages.text(c));
          x.getMessage().setHeader("To", c.target());
          x.getMessage().setHeader("From", mail.from());
          x.getMessage().setHeader("Subject", messages.subject(c, mail.subjectPrefix()));
          x.getMessage().setHeader("Content-Type", "text/plain; charset=UTF-8");
          x.getMessage().setHeader("X-Unitrace-Event-Id", c.notificationId().toString());
        });
  }

  private static String describe(Deliveries.Claimed c, Throwable e) {
    StringBuilder b = new StringBuilder();
    b.append(c.channel().equals("EMAIL") ? "e-mail to " : "").append(c.target()).append(": ");
    Throwable t = e;
    String last = null;
    while (t != null) {
      String m =
          t.getClass().getSimpleName() + (t.getMessage() == null ? "" : " " + t.getMessage());
      if (!m.equals(last)) {
        b.append(last == null ? "" : "; caused by ").append(m);
        last = m;
      }
      t = t.getCause() == t ? null : t.getCause();
    }
    return b.length() > 2000 ? b.substring(0, 2000) : b.toString();
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  @PreDestroy
  void stop() {
    senders.shutdownNow();
  }
}
