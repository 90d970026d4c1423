package org.unitrace.core.imports;

/**
 * What is wrong with one row of an import (or one item of a JSON list): {@code row} is the CSV row
 * number (the header is row 1) or the item's index, {@code field} the column or JSON field, null
 * when the whole row is at fault.
 */
public record RowProblem(Integer row, String field, String problem) {

  /** Reads as "row 3, field 'serial': unit 'X' is on hold". */
  public String describe() {
    StringBuilder s = new StringBuilder();
    if (row != null) {
      s.append("row ").append(row);
    }
    if (field != null) {
      s.append(s.isEmpty() ? "" : ", ").append("field '").append(field).append("'");
    }
    return (s.isEmpty() ? "" : s + ": ") + problem;
  }
}
