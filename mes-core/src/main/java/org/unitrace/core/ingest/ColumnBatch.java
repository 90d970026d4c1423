package org.unitrace.core.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rows sent column-wise as PostgreSQL arrays, so a whole batch is one statement and one round trip
 * ({@code unnest(?::uuid[], ...)} or a function taking arrays).
 */
final class ColumnBatch {

  private final String[] sqlTypes;
  private final Object[][] columns;
  private int row = -1;

  ColumnBatch(int rows, String... sqlTypes) {
    this.sqlTypes = sqlTypes;
    this.columns = new Object[sqlTypes.length][rows];
  }

  /** Starts the next row; then {@link #set} each column of it. */
  ColumnBatch next() {
    row++;
    return this;
  }

  ColumnBatch set(int column, Object value) {
    columns[column][row] = value;
    return this;
  }

  boolean isEmpty() {
    return columns.length == 0 || columns[0].length == 0;
  }

  /**
   * Runs {@code sql} with one array parameter per column, then the {@code after} parameters, and
   * maps its result set.
   */
  <T> T query(JdbcTemplate jdbc, String sql, ResultSetReader<T> reader, Object... after) {
    return jdbc.execute(
        (Connection con) -> {
          try (PreparedStatement ps = bind(con, sql, after);
              ResultSet rs = ps.executeQuery()) {
            return reader.read(rs);
          }
        });
  }

  /** Runs {@code sql} with one array parameter per column, for its effect. */
  void execute(JdbcTemplate jdbc, String sql) {
    jdbc.execute(
        (Connection con) -> {
          try (PreparedStatement ps = bind(con, sql)) {
            ps.execute();
            return null;
          }
        });
  }

  private PreparedStatement bind(Connection con, String sql, Object... after) throws SQLException {
    PreparedStatement ps = con.prepareStatement(sql);
    for (int c = 0; c < columns.length; c++) {
      ps.setArray(c + 1, con.createArrayOf(sqlTypes[c], columns[c]));
    }
    for (int i = 0; i < after.length; i++) {
      ps.setObject(columns.length + i + 1, after[i]);
    }
    return ps;
  }

  @FunctionalInterface
  interface ResultSetReader<T> {
    T read(ResultSet rs) throws SQLException;
  }
}
