package org.unitrace.core.integration.files;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ERP's own column names turned into the API's: only the header row is rewritten, so every row
 * keeps its number and every error its place; the file is handed on as UTF-8, as the API takes it.
 * The reverse lookup lets an error report name the column as the ERP calls it.
 */
final class ColumnMapping {

  /** ERP column (case-insensitive) to API column. */
  private final Map<String, String> toApi = new HashMap<>();

  /** API column to ERP column. */
  private final Map<String, String> toErp = new HashMap<>();

  /**
   * @param apiToErp as configured: API column to the ERP's column
   */
  ColumnMapping(Map<String, String> apiToErp) {
    apiToErp.forEach(
        (api, erp) -> {
          toApi.put(erp.strip().toLowerCase(Locale.ROOT), api);
          toErp.put(api, erp.strip());
        });
  }

  /** The ERP's name of an API column, or the column itself when it is not mapped. */
  String erpName(String apiColumn) {
    return apiColumn == null ? null : toErp.getOrDefault(apiColumn, apiColumn);
  }

  /** The file as the API takes it: UTF-8, the header's ERP names replaced by the API's. */
  byte[] apply(byte[] file, Charset charset) {
    String text = new String(file, charset);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    if (toApi.isEmpty()) {
      return charset.equals(StandardCharsets.UTF_8) ? file : text.getBytes(StandardCharsets.UTF_8);
    }
    int end = headerEnd(text);
    String header = text.substring(0, end);
    char delimiter = header.indexOf(',') < 0 && header.indexOf(';') >= 0 ? ';' : ',';
    List<String> cells = split(header, delimiter);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      String api = toApi.get(cell.strip().toLowerCase(Locale.ROOT));
      out.append(i == 0 ? "" : String.valueOf(delimiter)).append(quote(api == null ? cell : api));
    }
    return (out + text.substring(end)).getBytes(StandardCharsets.UTF_8);
  }

  /** Where the header row ends: at the first line break outside quotes. */
  private static int headerEnd(String text) {
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '"') {
        quoted = !quoted;
      } else if (!quoted && (ch == '\n' || ch == '\r')) {
        return i;
      }
    }
    return text.length();
  }

  private static List<String> split(String line, char delimiter) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted && ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
        cell.append('"');
        i++;
      } else if (ch == '"') {
        quoted = !quoted;
      } else if (!quoted && ch == delimiter) {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(ch);
      }
    }
    cells.add(cell.toString());
    return cells;
  }

  private static String quote(String cell) {
    return cell.chars().anyMatch(c -> c == ',' || c == ';' || c == '"')
        ? '"' + cell.replace("\"", "\"\"") + '"'
        : cell;
  }
}
