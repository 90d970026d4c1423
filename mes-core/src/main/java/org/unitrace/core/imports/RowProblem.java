package org.unitrace.core.imports;

/**
 * What is wrong with one row of an import, or one field of a JSON request: the one problem body of
 * every import and master-data write. {@code row} is the row of the file as a spreadsheet or an
 * editor numbers it (CSV: the header is row 1; YAML: the line), null for a JSON body; {@code field}
 * the column, key or JSON path ({@code lines[3].serial}), null when the whole row is at fault.
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
