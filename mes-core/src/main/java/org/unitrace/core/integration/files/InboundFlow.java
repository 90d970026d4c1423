package org.unitrace.core.integration.files;

import java.nio.charset.Charset;
import java.util.Map;
import org.unitrace.core.imports.FileImport;

/**
 * One configured flow as its files are imported: the import it feeds, the ERP's column names mapped
 * to that import's, and the files' charset. Made once at start, after its settings were checked.
 */
record InboundFlow(String name, FileImport importer, ColumnMapping columns, Charset charset) {

  /**
   * The flow {@code name} of {@code imports} (by {@link FileImport#flow()}); refuses, naming the
   * key under {@code key}, a flow no import has and a column its import does not know.
   */
  static InboundFlow of(
      String key, String name, FilesProperties.Flow settings, Map<String, FileImport> imports) {
    FileImport importer = imports.get(name);
    if (importer == null) {
      throw new IllegalStateException(
          "%s: no such flow; the flows are %s".formatted(key, imports.keySet()));
    }
    for (String column : settings.columns().keySet()) {
      if (!importer.columns().contains(column)) {
        throw new IllegalStateException(
            "%s.columns.%s: '%s' is not a column of the %s import; its columns are %s"
                .formatted(key, column, column, name, importer.columns()));
      }
    }
    return new InboundFlow(
        name, importer, new ColumnMapping(settings.columns()), settings.charset());
  }

  /** Imports {@code content} as {@code by}, its columns renamed and its bytes decoded first. */
  Object importCsv(byte[] content, String by) {
    return importer.importCsv(columns.apply(content, charset), by);
  }
}
