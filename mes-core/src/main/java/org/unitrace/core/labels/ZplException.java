package org.unitrace.core.labels;

/** ZPL this system does not print or preview, with the line of the command at fault. */
class ZplException extends RuntimeException {

  private final int line;

  ZplException(int line, String message) {
    super(message);
    this.line = line;
  }

  int line() {
    return line;
  }
}
