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
 * ITs have no Spring context of their own to ask.
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

  /** The ids of every event in the ledger. */
  public Set<UUID> ids() throws SQLException {
    Set<UUID> ids = new HashSet<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT event_id FROM event")) {
      while (rs.next()) {
        ids.add(rs.getObject(1, UUID.class));
      }
    }
    return ids;
  }
}
