package org.unitrace.core.system;

/** The action does not fit the state the record is in (already on hold, recall closed, ...). */
public class ConflictException extends RuntimeException {

  public ConflictException(String message) {
    super(message);
  }
}
