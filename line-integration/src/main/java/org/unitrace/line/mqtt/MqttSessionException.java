package org.unitrace.line.mqtt;

/** A broker refused or could not take a request; {@code reasonCode} is MQTT's (or Paho's) code. */
public final class MqttSessionException extends RuntimeException {

  /** Paho's code for "too many publishes in progress". */
  private static final int MAX_INFLIGHT = 32202;

  private final int reasonCode;

  public MqttSessionException(String message, int reasonCode, Throwable cause) {
    super(message, cause);
    this.reasonCode = reasonCode;
  }

  public int reasonCode() {
    return reasonCode;
  }

  /**
   * True when the publish was refused only because the broker's receive maximum of unacknowledged
   * publishes is reached: worth trying again once some are acknowledged.
   */
  public boolean tooManyInFlight() {
    return reasonCode == MAX_INFLIGHT;
  }
}
