package org.unitrace.core.imports;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 4180 CSV: a header row names the columns, fields may be quoted ("a, b" and "say ""hi"""),
 * lines end in LF or CRLF. Small on purpose: the files are ERP exports and spreadsheets, not
 * arbitrary dialects.
 */
public final class Csv {

  private Csv() {}

  /** One data row: its 1-based row number in the file (the header is row 1) and its fields. */
  public record Row(int number, Map<String, String> fields) {

    /** The field's value, stripped; null when the column is absent or the field empty. */
    public String get(String column) {
      String value = fields.get(column);
      return value == null || value.isBlank() ? null : value.strip();
    }
  }

  /**
   * Parses the text; refuses a file without the {@code required} columns or with a row that has
   * more fields than the header, naming the row.
   */
  public static List<Row> parse(String text, List<String> required) {
    List<List<String>> records = records(text);
    if (records.isEmpty()) {
      throw new ImportRejected(List.of(new RowProblem(1, null, "the file is empty: no header")));
    }
    List<String> header = records.get(0).stream().map(h -> h.strip()).toList();
    List<RowProblem> problems = new ArrayList<>();
    for (String column : required) {
      if (!header.contains(column)) {
        problems.add(new RowProblem(1, column, "the header has no column '" + column + "'"));
      }
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i < records.size(); i++) {
      List<String> fields = records.get(i);
      if (fields.size() == 1 && fields.get(0).isBlank()) {
        continue; // blank line
      }
      if (fields.size() > header.size()) {
        problems.add(
            new RowProblem(
                i + 1,
                null,
                "%d fields, the header has %d columns".formatted(fields.size(), header.size())));
        continue;
      }
      Map<String, String> byName = new LinkedHashMap<>();
      for (int c = 0; c < fields.size(); c++) {
        byName.put(header.get(c), fields.get(c));
      }
      rows.add(new Row(i + 1, byName));
    }
    if (!problems.isEmpty()) {
      throw new ImportRejected(problems);
    }
    return rows;
  }

  private static List<List<String>> records(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    int row = 1;
    String s = text.startsWith("\uFEFF") ? text.substring(1) : text;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      any = true;
      if (quoted) {
        if (ch == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          if (ch == '\n') {
            row++;
          }
          field.append(ch);
        }
      } else if (ch == '"' && field.isEmpty()) {
        quoted = true;
      } else if (ch == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else if (ch == '\n' || ch == '\r') {
        if (ch == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
          i++;
        }
        fields.add(field.toString());
        field.setLength(0);
        records.add(fields);
        fields = new ArrayList<>();
        any = false;
        row++;
      } else {
        field.append(ch);
      }
    }
    if (quoted) {
      throw new ImportRejected(
          List.of(new RowProblem(row, null, "a quoted field is not closed before the end")));
    }
    if (any) {
      fields.add(field.toString());
      records.add(fields);
    }
    return records;
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
