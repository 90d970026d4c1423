package org.unitrace.edge.serial;

/** A range of a template's sequence, first..last inclusive, given by the core for one period. */
public record Block(long first, long last) {

  public Block {
    if (first < 0 || last < first) {
      throw new IllegalArgumentException(
          "a serial block needs 0 <= first <= last: " + first + ".." + last);
    }
  }

  long size() {
    return last - first + 1;
  }
}
