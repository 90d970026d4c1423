package org.unitrace.core.integration.files;

/**
 * What became of a file: where to move it (relative to its directory: {@code done/...} or {@code
 * error/...}) and, for {@code error/}, the report to write beside it.
 *
 * @param recordId the ledger record that decided it
 * @param report null unless the file goes to {@code error/}
 */
record Outcome(Kind kind, long recordId, String moveTo, String report) {

  enum Kind {
    /** Imported now. */
    imported,
    /** Refused as a whole: nothing applied. */
    rejected,
    /** The same content was imported before, from another file or drop. */
    duplicate,
    /** This very file was decided before (by another instance, or before a failed move). */
    decided
  }

  /** The report's path, beside the moved file. */
  String reportPath() {
    return report == null ? null : moveTo + ".error.txt";
  }
}
