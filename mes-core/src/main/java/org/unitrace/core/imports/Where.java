package org.unitrace.core.imports;

/**
 * Where a problem is: a row of a file ({@code row}: a CSV row, the header being row 1, or a YAML
 * line) or a place in a JSON request body ({@code path}: {@code bom[2]}, null for the body itself).
 */
public record Where(Integer row, String path) {

  /** The request body as a whole: its problems are named by their field alone. */
  public static final Where BODY = new Where(null, null);

  public static Where row(int row) {
    return new Where(row, null);
  }

  public static Where path(String path) {
    return new Where(null, path);
  }

  /**
   * A problem here with {@code field}: a file's row keeps the field as the column; a JSON path is
   * joined to it ({@code bom[2].tracking}).
   */
  public RowProblem problem(String field, String problem) {
    String named = path == null ? field : field == null ? path : path + "." + field;
    return new RowProblem(row, named, problem);
  }

  @Override
  public String toString() {
    return row != null ? "row " + row : path != null ? path : "the body";
  }
}
