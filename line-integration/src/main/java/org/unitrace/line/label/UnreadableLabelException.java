package org.unitrace.line.label;

/** A scan that is neither valid GS1 data nor matches any configured label pattern. */
public final class UnreadableLabelException extends IllegalArgumentException {

  public UnreadableLabelException(String message, Throwable cause) {
    super(message, cause);
  }
}
