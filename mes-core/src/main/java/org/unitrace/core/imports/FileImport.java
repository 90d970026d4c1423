package org.unitrace.core.imports;

import java.util.List;

/**
 * An import that takes a whole CSV file exactly as its API endpoint does: the same columns, the
 * same checks, all or nothing, the same row and field in its errors. The file integration hands ERP
 * files to these, so a file dropped on a share is the same import as one sent to the API.
 */
public interface FileImport {

  /** The flow's name in configuration and in the file ledger: {@code lots}, {@code sales}. */
  String flow();

  /** Every column the import reads, as its API documents them (a column mapping targets these). */
  List<String> columns();

  /**
   * Imports the file, all or nothing, recording {@code by} as the author where the API would record
   * the caller. Refuses it with {@link ImportRejected}, naming every faulty row and field; nothing
   * is applied then.
   *
   * @return what was imported (counts, ids), serializable as JSON
   */
  Object importCsv(byte[] file, String by);
}
