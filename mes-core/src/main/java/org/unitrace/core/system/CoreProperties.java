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
      if (clients < 1 || clients > 64) {
        throw new IllegalArgumentException("unitrace.mqtt.clients must be 1..64, was " + clients);
      }
      if (writers < 1 || writers > 16) {
        throw new IllegalArgumentException("unitrace.mqtt.writers must be 1..16, was " + writers);
      }
      if (leaseTtl.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException(
            "unitrace.mqtt.lease-ttl must be at least 1s, was " + leaseTtl);
      }
      if (receiveMaximum < 1 || receiveMaximum > 65535) {
        throw new IllegalArgumentException(
            "unitrace.mqtt.receive-maximum must be 1..65535, was " + receiveMaximum);
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException(
            "unitrace.mqtt.batch-size must be positive, was " + batchSize);
      }
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
