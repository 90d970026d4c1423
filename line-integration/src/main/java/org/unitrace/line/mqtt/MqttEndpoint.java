package org.unitrace.line.mqtt;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and as whom a client connects: the same options for every Unitrace client, so a plant's
 * broker sees one behaviour. The session is persistent ({@code cleanStart=false}) for {@code
 * sessionExpiry}, so QoS 1 messages wait at the broker while the client is away.
 *
 * @param url {@code tcp://host:1883}, {@code ssl://host:8883}, {@code ws://} or {@code wss://}
 * @param clientId stable per client: the broker keeps the session under it
 * @param username null for an anonymous broker
 * @param password null for none
 * @param trustStore for {@code ssl://}: a PKCS#12 or JKS file with the broker's CA; null for the
 *     JVM's default trust store
 * @param trustStorePassword null for none
 * @param sessionExpiry how long the broker keeps the session after a disconnect
 * @param receiveMaximum how many QoS 1 messages the broker may send before we acknowledge
 * @param keepAlive the MQTT keep-alive
 */
public record MqttEndpoint(
    String url,
    String clientId,
    String username,
    char[] password,
    Path trustStore,
    char[] trustStorePassword,
    Duration sessionExpiry,
    int receiveMaximum,
    Duration keepAlive) {

  public MqttEndpoint {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(sessionExpiry, "sessionExpiry");
    Objects.requireNonNull(keepAlive, "keepAlive");
    if (!url.matches("(tcp|ssl|ws|wss)://\\S+")) {
      throw new IllegalArgumentException(
          "MQTT url must be tcp://, ssl://, ws:// or wss://host:port, was '" + url + "'");
    }
    if (clientId.isBlank()) {
      throw new IllegalArgumentException("MQTT client id must not be blank (" + url + ")");
    }
    if (receiveMaximum < 1 || receiveMaximum > 65_535) {
      throw new IllegalArgumentException(
          "MQTT receive maximum must be between 1 and 65535: " + receiveMaximum);
    }
    if (sessionExpiry.isNegative()) {
      throw new IllegalArgumentException("MQTT session expiry must not be negative");
    }
  }

  /** Anonymous, the session kept for a day, 1,000 messages unacknowledged, 30 s keep-alive. */
  public static MqttEndpoint of(String url, String clientId) {
    return new MqttEndpoint(
        url, clientId, null, null, null, null, Duration.ofDays(1), 1_000, Duration.ofSeconds(30));
  }

  /** The same options as another client: to take over (adopt) that client's session. */
  public MqttEndpoint withClientId(String id) {
    return new MqttEndpoint(
        url,
        id,
        username,
        password,
        trustStore,
        trustStorePassword,
        sessionExpiry,
        receiveMaximum,
        keepAlive);
  }

  public MqttEndpoint withCredentials(String user, char[] secret) {
    return new MqttEndpoint(
        url,
        clientId,
        user,
        secret,
        trustStore,
        trustStorePassword,
        sessionExpiry,
        receiveMaximum,
        keepAlive);
  }

  public MqttEndpoint withTrustStore(Path file, char[] secret) {
    return new MqttEndpoint(
        url, clientId, username, password, file, secret, sessionExpiry, receiveMaximum, keepAlive);
  }

  public MqttEndpoint withSessionExpiry(Duration expiry) {
    return new MqttEndpoint(
        url,
        clientId,
        username,
        password,
        trustStore,
        trustStorePassword,
        expiry,
        receiveMaximum,
        keepAlive);
  }

  public MqttEndpoint withReceiveMaximum(int max) {
    return new MqttEndpoint(
        url,
        clientId,
        username,
        password,
        trustStore,
        trustStorePassword,
        sessionExpiry,
        max,
        keepAlive);
  }

  @Override
  public String toString() {
    return "MqttEndpoint[url=%s, clientId=%s, username=%s, trustStore=%s, sessionExpiry=%s]"
        .formatted(url, clientId, username, trustStore, sessionExpiry);
  }
}
