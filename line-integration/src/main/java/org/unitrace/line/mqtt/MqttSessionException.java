package org.unitrace.line.mqtt;

/** A broker refused or could not take a request; {@code reasonCode} is MQTT's (or Paho's) code. */
public final class MqttSessionException extends RuntimeException {

  private final int reasonCode;

  public MqttSessionException(String message, int reasonCode, Throwable cause) {
    super(message, cause);
    this.reasonCode = reasonCode;
  }

  public int reasonCode() {
    return reasonCode;
  }
}
