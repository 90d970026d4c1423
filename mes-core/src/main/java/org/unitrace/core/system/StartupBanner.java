package org.unitrace.core.system;

import lombok.RequiredArgsConstructor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Says where to find the core once it is ready: the first thing a new user looks for. */
@Component
@RequiredArgsConstructor
class StartupBanner {

  private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);

  private final CoreProperties properties;
  private final TimeSeriesStorage timeSeries;

  @EventListener
  void ready(ApplicationReadyEvent event) {
    if (!(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
      return;
    }
    String base = "http://localhost:" + web.getWebServer().getPort();
    log.info(
        """

        ==> Unitrace mes-core is up: {}
            dashboards    {}/  (production, unit lookup, quality: log in with a user)
            REST API      {}/api  (OpenAPI {}/v3/api-docs, Swagger UI {}/swagger-ui.html)
            edge agents   {}
            database      {}
            time series   {}
        """,
        base,
        base,
        base,
        base,
        base,
        broker(properties.mqtt()),
        properties.db().embedded()
            ? "embedded PostgreSQL in " + properties.dataDir().resolve("postgres").toAbsolutePath()
            : properties.db().url(),
        timeSeries.describe());
  }

  /** How edge agents reach the core: its broker, or that MQTT is off. */
  static String broker(CoreProperties.Mqtt mqtt) {
    if (!mqtt.enabled()) {
      return "MQTT off (unitrace.mqtt.enabled=false): events over HTTP only";
    }
    return "MQTT 5 " + mqtt.effectiveUrl() + (mqtt.embedded() ? " (embedded broker)" : "");
  }
}
