package org.unitrace.core.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * What a core running in a process of its own has stored, read over plain JDBC: the multi-process
 * ITs have no Spring context of their own to ask. Such a core subscribes to every event topic of
 * the test broker, where other tests publish at the same time: a test counts its own lines' events
 * ({@link #countOnLines}, {@link #idsOnLines}), never the whole ledger.
 */
public record StoredEvents(String jdbcUrl) {

  /** The first column of the first row of {@code sql} as a number, 0 when there is no row. */
  public long count(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  /** How many events the ledger holds for the lines whose name starts with {@code prefix}. */
  public long countOnLines(String prefix) throws SQLException {
    return count("SELECT count(*) FROM event WHERE starts_with(line, '%s')".formatted(prefix));
  }

  /** The ids of the events of the lines whose name starts with {@code prefix}. */
  public Set<UUID> idsOnLines(String prefix) throws SQLException {
    Set<UUID> ids = new HashSet<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT event_id FROM event WHERE starts_with(line, '%s')".formatted(prefix))) {
      while (rs.next()) {
        ids.add(rs.getObject(1, UUID.class));
      }
    }
    return ids;
  }
}
