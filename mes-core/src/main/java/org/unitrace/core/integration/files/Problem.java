package org.unitrace.core.integration.files;

import org.unitrace.core.imports.RowProblem;

/**
 * One thing wrong with a file: the imports' problem body ({@link RowProblem}: {@code row}, {@code
 * field}, {@code problem}) with {@code column}, the ERP's name of the field as the file has it.
 */
record Problem(Integer row, String field, String column, String problem) {

  /** The import's problem, its field named as the flow's ERP names it in {@code columns}. */
  static Problem of(RowProblem p, ColumnMapping columns) {
    return new Problem(p.row(), p.field(), columns.erpName(p.field()), p.problem());
  }

  /** A problem with the file as a whole. */
  static Problem ofFile(String problem) {
    return new Problem(null, null, null, problem);
  }

  /** Reads as {@code row 3, field 'SERIAL_NO' (serial): unit 'X' is on hold}. */
  String describe() {
    StringBuilder s = new StringBuilder(row == null ? "" : "row " + row);
    if (field != null) {
      s.append(s.isEmpty() ? "" : ", ").append("field '").append(column).append("'");
      if (!column.equals(field)) {
        s.append(" (").append(field).append(")");
      }
    }
    return (s.isEmpty() ? "" : s + ": ") + problem;
  }
}
