package org.unitrace.core.labels;

/**
 * A printer that could not be reached (503) or that broke off or stalled a job (502); the message
 * names the printer, its host and port.
 */
class PrinterUnavailable extends RuntimeException {

  private final boolean unreachable;

  PrinterUnavailable(boolean unreachable, String message) {
    super(message);
    this.unreachable = unreachable;
  }

  boolean unreachable() {
    return unreachable;
  }
}
