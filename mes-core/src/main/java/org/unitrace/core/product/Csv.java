package org.unitrace.core.product;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A small RFC 4180 reader for the files planners and ERPs produce: a header row naming the columns
 * (any order, case-insensitive), comma or semicolon separated (whichever the header uses), quoted
 * fields with doubled quotes and line breaks, an optional UTF-8 byte order mark, blank lines and
 * {@code #} comment lines ignored. Each row keeps its row number and the file line it starts on, so
 * an error can say where.
 */
public final class Csv {

  /** One data row: its number (1 = first row after the header) and its first line in the file. */
  public record Row(int number, int line, Map<String, String> cells) {

    /** The trimmed value of a column, or null when the column is absent or the cell is blank. */
    public String get(String column) {
      String value = cells.get(column);
      return value == null || value.isBlank() ? null : value.strip();
    }

    public String where() {
      return "row %d (line %d)".formatted(number, line);
    }
  }

  /** The rows of a file, or the errors that kept it from being read. */
  public record Table(List<String> header, List<Row> rows, List<ImportError> errors) {}

  private Csv() {}

  /**
   * Reads a file. {@code required} columns must be in the header; with {@code known} not null, any
   * other column is an error (a misspelt column would otherwise be silently ignored).
   */
  public static Table read(byte[] bytes, Collection<String> required, Set<String> known) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    List<ImportError> errors = new ArrayList<>();
    List<Record> records = records(text, errors);
    if (records.isEmpty()) {
      errors.add(new ImportError("line 1", null, "the file has no header row"));
      return new Table(List.of(), List.of(), errors);
    }
    Record head = records.get(0);
    List<String> header = head.cells.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
    for (String column : required) {
      if (!header.contains(column)) {
        errors.add(new ImportError("line " + head.line, column, "required column is missing"));
      }
    }
    for (int i = 0; i < header.size(); i++) {
      String column = header.get(i);
      if (known != null && !known.contains(column)) {
        errors.add(
            new ImportError(
                "line " + head.line, column, "unknown column; known columns are " + known));
      } else if (header.indexOf(column) != i) {
        errors.add(new ImportError("line " + head.line, column, "column appears twice"));
      }
    }
    List<Row> rows = new ArrayList<>();
    for (int r = 1; r < records.size(); r++) {
      Record record = records.get(r);
      if (record.cells.size() > header.size()) {
        errors.add(
            new ImportError(
                "row %d (line %d)".formatted(r, record.line),
                null,
                "%d cells, but the header names %d columns"
                    .formatted(record.cells.size(), header.size())));
        continue;
      }
      Map<String, String> cells = new LinkedHashMap<>();
      for (int c = 0; c < record.cells.size(); c++) {
        cells.put(header.get(c), record.cells.get(c));
      }
      rows.add(new Row(r, record.line, cells));
    }
    return new Table(header, rows, errors);
  }

  private record Record(int line, List<String> cells) {}

  private static List<Record> records(String text, List<ImportError> errors) {
    char separator = separator(text);
    List<Record> records = new ArrayList<>();
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    int line = 1;
    int recordLine = 1;
    int quoteLine = 0;
    boolean quoted = false;
    boolean blank = true;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          if (c == '\n') {
            line++;
          }
          cell.append(c);
        }
      } else if (c == '"' && cell.toString().isBlank()) {
        quoted = true;
        quoteLine = line;
        blank = false;
        cell.setLength(0);
      } else if (c == separator) {
        cells.add(cell.toString());
        cell.setLength(0);
        blank = false;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        cells.add(cell.toString());
        if (!blank || !cell.toString().isBlank()) {
          addUnlessComment(records, recordLine, cells);
        }
        cells = new ArrayList<>();
        cell.setLength(0);
        blank = true;
        line++;
        recordLine = line;
      } else {
        cell.append(c);
      }
    }
    if (quoted) {
      errors.add(
          new ImportError(
              "line " + quoteLine, null, "a quoted field starts here and is never closed"));
    }
    cells.add(cell.toString());
    if (!blank || !cell.toString().isBlank()) {
      addUnlessComment(records, recordLine, cells);
    }
    return records;
  }

  private static void addUnlessComment(List<Record> records, int line, List<String> cells) {
    if (!cells.get(0).stripLeading().startsWith("#")) {
      records.add(new Record(line, cells));
    }
  }

  /** Semicolon when the header line has semicolons and no commas (a European ERP export). */
  private static char separator(String text) {
    String first =
        text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).findFirst().orElse("");
    return first.indexOf(';') >= 0 && first.indexOf(',') < 0 ? ';' : ',';
  }
}
