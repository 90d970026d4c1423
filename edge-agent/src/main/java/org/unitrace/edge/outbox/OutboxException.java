package org.unitrace.edge.outbox;

import java.nio.file.Path;

/** The outbox file could not be opened, read or written; the message names the file. */
public class OutboxException extends RuntimeException {

  private final transient Path file;

  OutboxException(Path file, String what, Throwable cause) {
    super("outbox " + file + ": " + what, cause);
    this.file = file;
  }

  OutboxException(Path file, String what) {
    this(file, what, null);
  }

  public Path file() {
    return file;
  }
}
