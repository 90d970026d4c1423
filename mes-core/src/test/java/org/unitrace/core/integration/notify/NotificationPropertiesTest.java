package org.unitrace.core.integration.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NotificationPropertiesTest {

  @Test
  void backoffDoublesFromTheFirstWaitUpToTheBound() {
    var backoff = new NotificationProperties.Backoff(Duration.ofSeconds(10), Duration.ofMinutes(1));
    assertThat(backoff.after(1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(backoff.after(2)).isEqualTo(Duration.ofSeconds(20));
    assertThat(backoff.after(3)).isEqualTo(Duration.ofSeconds(40));
    assertThat(backoff.after(4)).isEqualTo(Duration.ofMinutes(1));
    assertThat(backoff.after(1000)).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void aWrongValueNamesItsKey() {
    assertThatThrownBy(
            () -> new NotificationProperties.Backoff(Duration.ZERO, Duration.ofMinutes(1)))
        .hasMessageContaining("unitrace.integration.notifications.backoff.initial");
    assertThatThrownBy(() -> mail("TLS", 587))
        .hasMessageContaining("mail.security must be STARTTLS, SMTPS or NONE, was TLS");
    assertThatThrownBy(() -> mail("smtps", 0)).hasMessageContaining("mail.port must be 1 to 65535");
  }

  @Test
  void theMailUriAsksForStartTlsOrSmtpsAndQuotesTheCredentials() {
    assertThat(NotificationRoutes.mailUri(mail("starttls", 587)))
        .startsWith("smtp://smtp.plant.example:587?")
        .contains("mail.smtp.starttls.enable=true&mail.smtp.starttls.required=true")
        .contains("mail.smtp.ssl.checkserveridentity=true")
        .contains("username=RAW(unitrace)&password=RAW(p&w=?)");
    assertThat(NotificationRoutes.mailUri(mail("SMTPS", 465)))
        .startsWith("smtps://smtp.plant.example:465?")
        .doesNotContain("starttls");
  }

  private static NotificationProperties.Mail mail(String security, int port) {
    return new NotificationProperties.Mail(
        "smtp.plant.example",
        port,
        security,
        "unitrace",
        "p&w=?",
        "u@plant.example",
        "[U]",
        null,
        null,
        Duration.ofSeconds(5));
  }
}
