package org.unitrace.core.integration.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.TestEvents;
import org.unitrace.core.support.TestServers;

/**
 * E-mail end to end over SMTPS to a real SMTP server (GreenMail) whose certificate mes-core trusts
 * through the configured trust store and checks against the host name; and the server down, then
 * back.
 */
class EmailNotificationsIT extends CoreITSupport {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final String KEYSTORE_PASSWORD = "changeit";
  private static final Path TLS_DIR = Path.of("target", "it-data", TestServers.unique("smtp-tls-"));
  private static final int PORT = TestServers.freePort();

  private static GreenMail smtp;
  private String line;

  static {
    // GreenMail reads its server certificate from here (it must be set before its first use)
    makeCertificate();
    System.setProperty(
        "greenmail.tls.keystore.file", TLS_DIR.resolve("server.p12").toAbsolutePath().toString());
    System.setProperty("greenmail.tls.keystore.password", KEYSTORE_PASSWORD);
  }

  @DynamicPropertySource
  static void mail(DynamicPropertyRegistry registry) {
    String prefix = "unitrace.integration.notifications.";
    registry.add(prefix + "enabled", () -> "true");
    registry.add(prefix + "poll-interval", () -> "PT0.2S");
    registry.add(prefix + "backoff.initial", () -> "PT0.3S");
    registry.add(prefix + "backoff.max", () -> "PT1S");
    registry.add(prefix + "max-attempts", () -> "1000");
    registry.add(prefix + "mail.host", () -> "127.0.0.1");
    registry.add(prefix + "mail.port", () -> PORT);
    registry.add(prefix + "mail.security", () -> "SMTPS");
    registry.add(prefix + "mail.username", () -> "unitrace");
    registry.add(prefix + "mail.password", () -> "smtp-pw&?=");
    registry.add(prefix + "mail.from", () -> "unitrace@plant.example");
    registry.add(prefix + "mail.timeout", () -> "PT5S");
    registry.add(
        prefix + "mail.trust-store",
        () -> TLS_DIR.resolve("trust.p12").toAbsolutePath().toString());
    registry.add(prefix + "mail.trust-store-password", () -> KEYSTORE_PASSWORD);
  }

  @BeforeAll
  static void startSmtp() {
    smtp = startedServer();
  }

  @AfterAll
  static void stopSmtp() {
    smtp.stop();
  }

  @BeforeEach
  void aLineWithUnits() {
    line = TestServers.unique("M");
    TestEvents events = new TestEvents(SITE, line, "edge-" + line);
    postStored(
        List.of(
            events.serialized(line + "-U1", "PUMP-100", "RUN-" + line),
            events.serialized(line + "-U2", "PUMP-100", "RUN-" + line)));
    ResponseEntity<String> created =
        http.postForEntity(
            "/api/admin/notifications/subscriptions",
            Map.of(
                "name",
                "quality mail " + line,
                "kinds",
                List.of("HOLD_PLACED"),
                "line",
                line,
                "channel",
                "EMAIL",
                "recipients",
                List.of("quality@plant.example", "Logistics <logistics@plant.example>")),
            String.class);
    assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.CREATED);
  }

  @Test
  void aHoldIsMailedOverTlsSayingWhatHappenedAndWhere() throws Exception {
    hold(line + "-U1", "cracked housing");
    await().atMost(PATIENCE).until(() -> mailsAbout(line + "-U1").size() == 2);
    MimeMessage mail = mailsAbout(line + "-U1").get(0);
    assertThat(mail.getSubject())
        .isEqualTo("[Unitrace] Unit put on hold " + SITE + "/" + line + ": " + line + "-U1");
    assertThat(mail.getFrom()[0].toString()).isEqualTo("unitrace@plant.example");
    assertThat(Arrays.stream(mail.getAllRecipients()).map(Object::toString))
        .containsExactlyInAnyOrder("quality@plant.example", "logistics@plant.example");
    String text = GreenMailUtil.getBody(mail);
    assertThat(text).contains("Unit put on hold: " + line + "-U1");
    assertThat(text).contains("reason: cracked housing").contains("Line: " + line);
    assertThat(mail.getHeader("X-Unitrace-Event-Id")[0])
        .isEqualTo(
            jdbc.queryForObject(
                "SELECT id::text FROM notification WHERE subject = ?", String.class, line + "-U1"));
  }

  @Test
  void whileTheSmtpServerIsDownTriesAreRecordedAndTheMailGoesOnceWhenItIsBack() throws Exception {
    smtp.stop();
    try {
      hold(line + "-U2", "smtp down");
      await()
          .atMost(PATIENCE)
          .until(
              () ->
                  jdbc.queryForObject(
                          """
                          SELECT count(*) FROM notification_attempt a
                            JOIN notification_delivery d ON d.id = a.delivery_id
                            JOIN notification n ON n.id = d.notification_id
                           WHERE n.subject = ? AND NOT a.ok
                          """,
                          Integer.class,
                          line + "-U2")
                      >= 2);
      String error =
          jdbc.queryForObject(
              """
              SELECT d.last_error FROM notification_delivery d
                JOIN notification n ON n.id = d.notification_id WHERE n.subject = ?
              """,
              String.class,
              line + "-U2");
      assertThat(error).contains("e-mail to quality@plant.example").contains("onnect");
    } finally {
      smtp = startedServer();
    }
    await().atMost(PATIENCE).until(() -> mailsAbout(line + "-U2").size() == 2);
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                "DELIVERED"
                    .equals(
                        jdbc.queryForObject(
                            """
                            SELECT d.state FROM notification_delivery d
                              JOIN notification n ON n.id = d.notification_id WHERE n.subject = ?
                            """,
                            String.class,
                            line + "-U2")));
    // one mail per recipient, not one more: the delivery is done
    assertThat(mailsAbout(line + "-U2")).hasSize(2);
  }

  private List<MimeMessage> mailsAbout(String serial) {
    return Arrays.stream(smtp.getReceivedMessages())
        .filter(
            m -> {
              try {
                return m.getSubject().endsWith(": " + serial);
              } catch (Exception e) {
                return false;
              }
            })
        .toList();
  }

  private void hold(String serial, String reason) {
    ResponseEntity<String> held =
        http.postForEntity(
            "/api/units/" + serial + "/hold", Map.of("reason", reason), String.class);
    assertThat(held.getStatusCode()).as(held.getBody()).isEqualTo(HttpStatus.CREATED);
  }

  /**
   * GreenMail gives its server 2 s to come up, and its TLS setup can take longer on a loaded
   * machine (the setup's own timeout is not carried into the server): tried a few times.
   */
  private static GreenMail startedServer() {
    IllegalStateException failed = null;
    for (int i = 0; i < 5; i++) {
      GreenMail server = newServer();
      try {
        server.start();
        return server;
      } catch (IllegalStateException e) {
        server.stop();
        failed = e;
      }
    }
    throw failed;
  }

  private static GreenMail newServer() {
    GreenMail server =
        new GreenMail(new ServerSetup(PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS));
    server.withConfiguration(GreenMailConfiguration.aConfig().withUser("unitrace", "smtp-pw&?="));
    return server;
  }

  /**
   * A server certificate for 127.0.0.1 and a trust store holding it, made with the JDK's keytool.
   */
  private static void makeCertificate() {
    try {
      Files.createDirectories(TLS_DIR);
      String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
      run(
          keytool,
          "-genkeypair",
          "-alias",
          "greenmail",
          "-keyalg",
          "RSA",
          "-keysize",
          "2048",
          "-validity",
          "2",
          "-dname",
          "CN=127.0.0.1",
          "-ext",
          "SAN=ip:127.0.0.1,dns:localhost",
          "-storetype",
          "PKCS12",
          "-keystore",
          TLS_DIR.resolve("server.p12").toString(),
          "-storepass",
          KEYSTORE_PASSWORD,
          "-keypass",
          KEYSTORE_PASSWORD);
      run(
          keytool,
          "-exportcert",
          "-alias",
          "greenmail",
          "-keystore",
          TLS_DIR.resolve("server.p12").toString(),
          "-storepass",
          KEYSTORE_PASSWORD,
          "-file",
          TLS_DIR.resolve("server.crt").toString());
      run(
          keytool,
          "-importcert",
          "-noprompt",
          "-alias",
          "smtp",
          "-file",
          TLS_DIR.resolve("server.crt").toString(),
          "-storetype",
          "PKCS12",
          "-keystore",
          TLS_DIR.resolve("trust.p12").toString(),
          "-storepass",
          KEYSTORE_PASSWORD);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void run(String... command) throws IOException {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (p.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
