package org.unitrace.core.system;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a plant configures for mes-core. Empty {@code db.url} / {@code mqtt.url} mean "embedded":
 * mes-core then starts its own PostgreSQL and MQTT 5 broker under {@code dataDir}. Environment
 * variables map as usual: {@code UNITRACE_DB_URL}, {@code UNITRACE_MQTT_URL}, ...
 */
@ConfigurationProperties("unitrace")
public record CoreProperties(
    @DefaultValue("data") Path dataDir, @DefaultValue Db db, @DefaultValue Mqtt mqtt) {

  /**
   * The database. {@code url} is a JDBC URL ({@code jdbc:postgresql://host:5432/unitrace}); user
   * and password may be in the URL or given apart.
   */
  public record Db(
      String url, String username, String password, @DefaultValue("0") int embeddedPort) {

    public boolean embedded() {
      return url == null || url.isBlank();
    }
  }

  /**
   * The MQTT 5 broker. {@code clientId} must stay the same across restarts of one core instance, so
   * its persistent session (and the events queued in it while the core was down) is resumed.
   */
  public record Mqtt(
      String url,
      String username,
      String password,
      @DefaultValue("true") boolean enabled,
      @DefaultValue("mes-core-1") String clientId,
      @DefaultValue("mes-core") String shareGroup,
      @DefaultValue("127.0.0.1") String embeddedHost,
      @DefaultValue("11883") int embeddedPort,
      @DefaultValue("P7D") Duration sessionExpiry,
      @DefaultValue("1000") int receiveMaximum,
      @DefaultValue("262144") int maxPayloadBytes,
      @DefaultValue("1000") int batchSize,
      @DefaultValue("1") int clients,
      @DefaultValue("2") int writers,
      @DefaultValue("PT10S") Duration leaseTtl,
      @DefaultValue("PT3S") Duration drainQuiet) {

    public Mqtt {
      Setting.within("unitrace.mqtt.clients", clients, 1, 64);
      Setting.within("unitrace.mqtt.writers", writers, 1, 16);
      Setting.atLeast("unitrace.mqtt.lease-ttl", leaseTtl, Duration.ofSeconds(1));
      Setting.within("unitrace.mqtt.receive-maximum", receiveMaximum, 1, 65535);
      Setting.atLeast("unitrace.mqtt.batch-size", batchSize, 1);
    }

    public boolean embedded() {
      return url == null || url.isBlank();
    }

    /** The broker to connect to: the configured one, or the embedded one. */
    public String effectiveUrl() {
      return embedded() ? "tcp://" + embeddedHost + ":" + embeddedPort : url;
    }
  }
}
