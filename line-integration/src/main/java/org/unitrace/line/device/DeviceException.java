package org.unitrace.line.device;

/**
 * A device or its channel failed. Always names the endpoint (the serial port path or {@code
 * host:port}) so an operator knows which cable to look at, and keeps the operating system's own
 * error where there is one.
 *
 * <p>Unchecked: device I/O fails for reasons callers handle at the station level (retry, reject the
 * unit, raise an alarm), not at every call site.
 */
public class DeviceException extends RuntimeException {

  private final String endpoint;

  public DeviceException(String endpoint, String message) {
    this(endpoint, message, null);
  }

  public DeviceException(String endpoint, String message, Throwable cause) {
    super(endpoint + ": " + message, cause);
    this.endpoint = endpoint;
  }

  /** The serial port path or {@code host:port} the failure happened on. */
  public String endpoint() {
    return endpoint;
  }
}
