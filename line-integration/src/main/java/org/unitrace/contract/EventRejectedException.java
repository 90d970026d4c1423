package org.unitrace.contract;

/**
 * An event that cannot be accepted: not JSON, not valid against the schema, or of a type this build
 * does not know. {@link #path()} names the offending field as a JSON path ({@code
 * $.payload.serial}), or {@code $} when the whole document is at fault.
 */
public class EventRejectedException extends RuntimeException {

  private final String path;
  private final String reason;

  public EventRejectedException(String path, String reason) {
    super(path + ": " + reason);
    this.path = path;
    this.reason = reason;
  }

  public EventRejectedException(String path, String reason, Throwable cause) {
    super(path + ": " + reason, cause);
    this.path = path;
    this.reason = reason;
  }

  /** What is wrong, without the path. */
  public String reason() {
    return reason;
  }

  public String path() {
    return path;
  }
}
