package org.unitrace.core.product;

/**
 * One thing wrong in an uploaded file or request body, where it is and in which field.
 *
 * @param where the row and line of a CSV file ({@code row 3 (line 4)}), the line of a YAML file
 *     ({@code line 12}), or the JSON path of a request ({@code bom[2]})
 * @param field the column, key or property at fault; null when the whole row or line is
 */
public record ImportError(String where, String field, String message) {

  @Override
  public String toString() {
    return field == null
        ? where + ": " + message
        : "%s, field '%s': %s".formatted(where, field, message);
  }
}
