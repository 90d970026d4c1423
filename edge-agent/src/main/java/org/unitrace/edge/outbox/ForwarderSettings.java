package org.unitrace.edge.outbox;

import java.time.Duration;
import java.util.Objects;

/**
 * How the forwarder reaches the broker.
 *
 * @param serverUri e.g. {@code tcp://broker:1883} or {@code ssl://broker:8883}
 * @param clientId stable per agent: the broker keeps the session (and unacknowledged messages)
 *     under it across reconnects
 * @param username null for an anonymous broker
 * @param password null for none
 * @param maxInFlight how many events may wait for their PUBACK at once; the broker's receive
 *     maximum caps it too
 * @param sessionExpiry how long the broker keeps the session after a disconnect
 */
public record ForwarderSettings(
    String serverUri,
    String clientId,
    String username,
    char[] password,
    int maxInFlight,
    Duration sessionExpiry) {

  public ForwarderSettings {
    Objects.requireNonNull(serverUri, "serverUri");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(sessionExpiry, "sessionExpiry");
    if (clientId.isBlank()) {
      throw new IllegalArgumentException("forwarder clientId must not be blank");
    }
    if (maxInFlight < 1 || maxInFlight > 65_535) {
      throw new IllegalArgumentException(
          "forwarder maxInFlight must be between 1 and 65535: " + maxInFlight);
    }
    if (sessionExpiry.isNegative()) {
      throw new IllegalArgumentException(
          "forwarder sessionExpiry must not be negative: " + sessionExpiry);
    }
  }

  /** Anonymous, 100 in flight, the session kept for a day. */
  public static ForwarderSettings of(String serverUri, String clientId) {
    return new ForwarderSettings(serverUri, clientId, null, null, 100, Duration.ofDays(1));
  }

  public ForwarderSettings withCredentials(String user, char[] secret) {
    return new ForwarderSettings(serverUri, clientId, user, secret, maxInFlight, sessionExpiry);
  }

  public ForwarderSettings withMaxInFlight(int max) {
    return new ForwarderSettings(serverUri, clientId, username, password, max, sessionExpiry);
  }

  @Override
  public String toString() {
    return "ForwarderSettings[serverUri=%s, clientId=%s, username=%s, maxInFlight=%d, sessionExpiry=%s]"
        .formatted(serverUri, clientId, username, maxInFlight, sessionExpiry);
  }
}
