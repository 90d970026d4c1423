package org.unitrace.core.integration.files;

/**
 * One thing wrong with a file, as the API's error body says it: {@code where} (row, line), {@code
 * field} (the API's column), {@code column} (the ERP's name of it) and what is wrong.
 */
record Problem(String where, String field, String column, String message) {

  /** Reads as {@code row 3, field 'SERIAL_NO' (serial): unit 'X' is on hold}. */
  String describe() {
    StringBuilder s = new StringBuilder(where == null ? "" : where);
    if (field != null) {
      s.append(s.isEmpty() ? "" : ", ").append("field '").append(column).append("'");
      if (!column.equals(field)) {
        s.append(" (").append(field).append(")");
      }
    }
    return (s.isEmpty() ? "" : s + ": ") + message;
  }
}
