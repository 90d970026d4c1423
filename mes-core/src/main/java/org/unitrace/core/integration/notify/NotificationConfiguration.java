package org.unitrace.core.integration.notify;

import java.nio.file.Files;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The HTTP client webhooks go out through, and the trust for the SMTP server's certificate. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "unitrace.integration.notifications", name = "enabled")
class NotificationConfiguration {

  /** A Camel HTTP component of its own, so the webhook timeouts touch no other HTTP route. */
  static final String WEBHOOK_HTTP = "unitraceWebhookHttp";

  static final String MAIL_SSL = "unitraceNotificationMailSsl";

  @Bean(WEBHOOK_HTTP)
  HttpComponent unitraceWebhookHttp(NotificationProperties properties) {
    HttpComponent http = new HttpComponent();
    NotificationProperties.Webhook w = properties.webhook();
    http.setConnectTimeout(w.connectTimeout().toMillis());
    http.setConnectionRequestTimeout(w.connectTimeout().toMillis());
    http.setResponseTimeout(w.responseTimeout().toMillis());
    http.setSoTimeout(w.responseTimeout().toMillis());
    http.setFollowRedirects(false);
    return http;
  }

  @Bean(MAIL_SSL)
  @ConditionalOnProperty(prefix = "unitrace.integration.notifications.mail", name = "trust-store")
  SSLContextParameters unitraceNotificationMailSsl(NotificationProperties properties) {
    NotificationProperties.Mail mail = properties.mail();
    if (!Files.isReadable(mail.trustStore())) {
      throw new IllegalArgumentException(
          "unitrace.integration.notifications.mail.trust-store: cannot read "
              + mail.trustStore().toAbsolutePath());
    }
    KeyStoreParameters store = new KeyStoreParameters();
    store.setResource("file:" + mail.trustStore().toAbsolutePath());
    if (mail.trustStorePassword() != null) {
      store.setPassword(mail.trustStorePassword());
    }
    TrustManagersParameters trust = new TrustManagersParameters();
    trust.setKeyStore(store);
    SSLContextParameters ssl = new SSLContextParameters();
    ssl.setTrustManagers(trust);
    return ssl;
  }
}
