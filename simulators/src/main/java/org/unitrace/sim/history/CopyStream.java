package org.unitrace.sim.history;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * One {@code COPY ... FROM STDIN} (text format) into one table, on a connection of its own (a
 * connection carries one COPY at a time, and the generator fills several tables at once).
 */
final class CopyStream implements AutoCloseable {

  private static final int FLUSH_AT = 1 << 20;

  private final String table;
  private final CopyIn copy;
  private final StringBuilder buffer = new StringBuilder(FLUSH_AT + 4096);
  private long rows;

  CopyStream(Connection connection, String table, String columns) throws SQLException {
    this.table = table;
    this.copy =
        connection
            .unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn("COPY " + table + " (" + columns + ") FROM STDIN");
  }

  void row(Object... values) {
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        buffer.append('\t');
      }
      append(values[i]);
    }
    buffer.append('\n');
    rows++;
    if (buffer.length() >= FLUSH_AT) {
      flush();
    }
  }

  long rows() {
    return rows;
  }

  private void append(Object value) {
    if (value == null) {
      buffer.append("\\N");
      return;
    }
    String s = value.toString();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> buffer.append("\\\\");
        case '\t' -> buffer.append("\\t");
        case '\n' -> buffer.append("\\n");
        case '\r' -> buffer.append("\\r");
        default -> buffer.append(c);
      }
    }
  }

  private void flush() {
    byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
    buffer.setLength(0);
    try {
      copy.writeToCopy(bytes, 0, bytes.length);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "COPY into %s failed after %d rows: %s".formatted(table, rows, e.getMessage()), e);
    }
  }

  /** Gives up the COPY (the transaction is rolled back by the caller). */
  void abort() {
    try {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    } catch (SQLException ignored) {
      // the connection is being rolled back and closed anyway
    }
  }

  @Override
  public void close() throws SQLException {
    if (!copy.isActive()) {
      return;
    }
    flush();
    copy.endCopy();
  }
}
