package org.unitrace.line.serialno;

/** A serial that does not fit its template, with the character offset of the fault. */
public final class InvalidSerialException extends IllegalArgumentException {

  private final int offset;

  public InvalidSerialException(String serial, int offset, String rule) {
    super("serial " + serial + " at offset " + offset + ": " + rule);
    this.offset = offset;
  }

  public int offset() {
    return offset;
  }
}
