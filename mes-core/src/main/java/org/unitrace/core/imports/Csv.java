package org.unitrace.core.imports;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.unitrace.contract.StrictUtf8;

/**
 * Every CSV file Unitrace reads or writes goes through here; the parsing is Apache Commons CSV's
 * (RFC 4180). The header rule, the same for every import (docs/after-sales.md): a header row names
 * the columns, in any order, case-insensitive; comma or semicolon separated, whichever the header
 * uses; fields may be quoted ({@code "a, b"}, {@code "say ""hi"""}, line breaks); strict UTF-8, an
 * optional byte order mark; blank lines skipped. A required column missing, a column named twice, a
 * row with more fields than the header, an unclosed quote, a byte that is not UTF-8 and the NUL
 * character are refused, naming the row. Other columns are ignored.
 *
 * <p>Rows are numbered as a spreadsheet shows them: the header is row 1 (a quoted cell with line
 * breaks is still one row).
 */
public final class Csv {

  private Csv() {}

  /**
   * One data row: its row number in the file (the header is row 1) and its fields by column, named
   * as the header names them, in its order.
   */
  public record Row(int number, Map<String, String> fields) {

    /** The field's value, stripped; null when the column is absent or the field empty. */
    public String get(String column) {
      String value = fields.get(column);
      if (value == null) {
        for (Map.Entry<String, String> e : fields.entrySet()) {
          value = e.getKey().equalsIgnoreCase(column) ? e.getValue() : value;
        }
      }
      return value == null || value.isBlank() ? null : value.strip();
    }

    /** Where this row is, for a problem found in it. */
    public Where where() {
      return Where.row(number);
    }
  }

  /**
   * Reads a file as the imports take it; refuses it with every structural problem at once (a
   * missing column, a malformed row) so the sender fixes the file once. Row content is the import's
   * to check.
   */
  public static List<Row> read(byte[] file, Collection<String> required) {
    String text;
    try {
      text = StrictUtf8.decode(file);
    } catch (StrictUtf8.MalformedException e) {
      throw new ImportRejected(
          List.of(new RowProblem(rowAt(file, e.offset()), null, "the file is " + e.getMessage())));
    }
    return parse(text, required);
  }

  /** As {@link #read}, for text already decoded. */
  public static List<Row> parse(String text, Collection<String> required) {
    String s = text.startsWith("\uFEFF") ? text.substring(1) : text;
    List<RowProblem> problems = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    int last = 0;
    try (CSVParser parser = format(s).parse(new StringReader(s))) {
      List<String> header = null;
      for (CSVRecord record : parser) {
        int number = (int) record.getRecordNumber();
        last = number;
        List<String> fields = record.toList();
        if (fields.size() == 1 && fields.get(0).isBlank()) {
          continue; // a blank line
        }
        if (header == null) {
          header = header(number, fields, required, problems);
          continue;
        }
        Row row = row(number, header, fields, problems);
        if (row != null) {
          rows.add(row);
        }
      }
      if (header == null) {
        problems.add(new RowProblem(1, null, "the file is empty: no header"));
      }
    } catch (IOException | UncheckedIOException e) {
      problems.add(new RowProblem(last + 1, null, malformed(e)));
    }
    if (!problems.isEmpty()) {
      throw new ImportRejected(problems);
    }
    return rows;
  }

  private static CSVFormat format(String text) {
    String first = text.lines().filter(l -> !l.isBlank()).findFirst().orElse("");
    char delimiter = first.indexOf(';') >= 0 && first.indexOf(',') < 0 ? ';' : ',';
    return CSVFormat.RFC4180
        .builder()
        .setDelimiter(delimiter)
        .setIgnoreEmptyLines(false)
        .setIgnoreSurroundingSpaces(true)
        .get();
  }

  private static List<String> header(
      int number, List<String> fields, Collection<String> required, List<RowProblem> problems) {
    List<String> header = fields.stream().map(String::strip).toList();
    List<String> lower = header.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    for (String column : required) {
      if (!lower.contains(column.toLowerCase(Locale.ROOT))) {
        problems.add(new RowProblem(number, column, "the header has no column '" + column + "'"));
      }
    }
    for (int i = 0; i < lower.size(); i++) {
      if (!lower.get(i).isEmpty() && lower.indexOf(lower.get(i)) != i) {
        problems.add(new RowProblem(number, header.get(i), "the column appears twice"));
      }
    }
    return header;
  }

  private static Row row(
      int number, List<String> header, List<String> fields, List<RowProblem> problems) {
    if (fields.size() > header.size()) {
      problems.add(
          new RowProblem(
              number,
              null,
              "%d fields, the header has %d columns".formatted(fields.size(), header.size())));
      return null;
    }
    Map<String, String> byName = new LinkedHashMap<>();
    for (int c = 0; c < fields.size(); c++) {
      String value = fields.get(c);
      if (value.indexOf('\u0000') >= 0) {
        problems.add(
            new RowProblem(
                number, header.get(c), "contains the NUL character (U+0000), which is not text"));
      }
      byName.putIfAbsent(header.get(c), value);
    }
    return new Row(number, byName);
  }

  private static String malformed(Exception e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (message.contains("EOF reached before encapsulated token finished")) {
      return "a quoted field starts here and is not closed before the end";
    }
    return "not CSV: " + message.replaceFirst("^\\(line \\d+\\) ", "");
  }

  /** The row (line) of the byte at {@code offset}, counting line feeds before it. */
  private static int rowAt(byte[] file, int offset) {
    int row = 1;
    for (int i = 0; i < offset && i < file.length; i++) {
      row += file[i] == '\n' ? 1 : 0;
    }
    return row;
  }

  /**
   * Writes a header and rows for a spreadsheet: every CSV export goes through here. A text cell
   * that a spreadsheet would run as a formula (it starts with {@code = + - @}, a tab or a carriage
   * return: the OWASP CSV-injection rule) is neutralised: prefixed with a single quote and quoted.
   * A value that is a number here ({@link Number}: ids, counts, quantities) is data and is written
   * as it is, so a negative quantity stays a number. See docs/security.md.
   */
  public static String write(List<String> header, List<? extends List<?>> rows) {
    StringBuilder out = new StringBuilder();
    line(out, header);
    rows.forEach(r -> line(out, r));
    return out.toString();
  }

  private static void line(StringBuilder out, List<?> fields) {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(cell(fields.get(i)));
    }
    out.append("\r\n");
  }

  /** One value as a CSV cell: empty for null, quoted when needed, neutralised when a formula. */
  static String cell(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Number number) {
      return number instanceof BigDecimal d ? d.toPlainString() : number.toString();
    }
    String text = value.toString();
    boolean formula = !text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0;
    if (formula) {
      text = "'" + text;
    }
    if (formula || text.chars().anyMatch(c -> QUOTE_WHEN.indexOf(c) >= 0)) {
      return '"' + text.replace("\"", "\"\"") + '"';
    }
    return text;
  }

  /** What makes a spreadsheet run a cell as a formula (OWASP: = + - @ tab CR). */
  private static final String FORMULA_STARTS = "=+-@\t\r";

  /**
   * Characters that need quotes: RFC 4180's, and the tab and semicolon that spreadsheets in some
   * locales split on, so a value cannot start a cell of its own there.
   */
  private static final String QUOTE_WHEN = ",\"\r\n\t;";
}
