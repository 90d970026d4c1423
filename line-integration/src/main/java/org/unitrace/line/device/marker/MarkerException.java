package org.unitrace.line.device.marker;

import org.unitrace.line.device.DeviceException;

/**
 * A marker refused or failed a command. {@link #kind()} says how, so the station can retry a busy
 * marker and reject the part on an error; {@link #code()} is the marker's own error code.
 */
public class MarkerException extends DeviceException {

  public enum Kind {
    /** The marker is busy and did not take the command. */
    BUSY,
    /** The marker answered with an error code. */
    ERROR,
    /** No answer, or marking not done, within the time allowed. */
    TIMEOUT,
    /** An answer the protocol does not allow. */
    PROTOCOL
  }

  private final Kind kind;
  private final String code;

  public MarkerException(String endpoint, Kind kind, String code, String message) {
    super(endpoint, message);
    this.kind = kind;
    this.code = code;
  }

  /** With the channel failure that caused it, e.g. the connection lost while waiting. */
  public MarkerException(String endpoint, Kind kind, String code, String message, Throwable cause) {
    super(endpoint, message, cause);
    this.kind = kind;
    this.code = code;
  }

  public Kind kind() {
    return kind;
  }

  /** The marker's error code for {@link Kind#ERROR}, else null. */
  public String code() {
    return code;
  }

  /** A short code for events: {@code MARKER_BUSY}, {@code MARKER_TIMEOUT}, {@code MARKER_E12}. */
  public String failureCode() {
    return kind == Kind.ERROR && code != null ? "MARKER_E" + code : "MARKER_" + kind;
  }
}
