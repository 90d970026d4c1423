package org.unitrace.core.integration.files;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The {@code <file>.error.txt} written beside a file moved to {@code error/}: what file, what was
 * done with it (nothing), and every problem with its row and field as the API's error body names
 * them, the column as the ERP calls it first. Plain text, for whoever opens the share.
 */
final class ErrorReport {

  private ErrorReport() {}

  static String rejected(DroppedFile file, long id, String identity, List<Problem> problems) {
    StringBuilder s = head(file, id, identity);
    s.append("Outcome:  refused, nothing was imported (the import is all or nothing)\n");
    s.append("Problems: ").append(problems.size()).append("\n\n");
    problems.forEach(p -> s.append("  ").append(p.describe()).append('\n'));
    s.append(
        "\nFix the file (or the master data it names) and drop it again: a corrected file, or"
            + " this one\nonce what it names exists, is imported then.\n");
    return s.toString();
  }

  static String duplicate(DroppedFile file, long id, String identity, FileLedger.Entry original) {
    StringBuilder s = head(file, id, identity);
    s.append("Outcome:  not imported: the same content was imported before\n\n");
    s.append("  imported from file '")
        .append(original.fileName())
        .append("' at ")
        .append(original.at().toInstant().truncatedTo(ChronoUnit.SECONDS))
        .append(" (record ")
        .append(original.id())
        .append("), moved to ")
        .append(original.movedTo())
        .append('\n');
    return s.toString();
  }

  private static StringBuilder head(DroppedFile file, long id, String identity) {
    return new StringBuilder()
        .append("Unitrace file import report\n\n")
        .append("File:     ")
        .append(file.name())
        .append(" (")
        .append(file.size())
        .append(" bytes)\n")
        .append("Flow:     ")
        .append(file.flow())
        .append(" from ")
        .append(file.source())
        .append('\n')
        .append("Record:   ")
        .append(id)
        .append(" (GET /api/integration/files/")
        .append(id)
        .append(")\n")
        .append("As:       ")
        .append(identity)
        .append('\n')
        .append("At:       ")
        .append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
        .append('\n');
  }
}
