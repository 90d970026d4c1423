package org.unitrace.core.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;

/** Which failures are the database's state, and what the health then says. */
class DatabaseFaultTest {

  @Test
  void aReadOnlyDatabaseIsTheDatabasesStateNotAnEventsFault() {
    var e =
        new UncategorizedSQLException(
            "insert",
            "INSERT INTO event ...",
            new SQLException("ERROR: cannot execute INSERT in a read-only transaction", "25006"));
    assertThat(DatabaseFault.of(e))
        .hasValue(
            "the database refuses writes: it is read-only (SQLSTATE 25006: ERROR: cannot execute"
                + " INSERT in a read-only transaction)");
  }

  @Test
  void aFullDiskAShutdownAndALostConnectionAreTooAndSaySo() {
    assertThat(DatabaseFault.of(sql("53100", "could not extend file")))
        .hasValueSatisfying(r -> assertThat(r).startsWith("the database's disk is full"));
    assertThat(DatabaseFault.of(sql("57P01", "terminating connection")))
        .hasValueSatisfying(r -> assertThat(r).startsWith("the database is shutting down"));
    assertThat(DatabaseFault.of(sql("08006", "I/O error")))
        .hasValueSatisfying(r -> assertThat(r).startsWith("the database is unreachable"));
    assertThat(
            DatabaseFault.of(
                new CannotGetJdbcConnectionException(
                    "Failed to obtain JDBC Connection", new SQLException("timed out"))))
        .hasValue("the database is unreachable: timed out");
  }

  @Test
  void aConstraintOrABadValueIsNot() {
    assertThat(DatabaseFault.of(sql("23505", "duplicate key"))).isEmpty();
    assertThat(DatabaseFault.of(sql("22P02", "invalid input syntax"))).isEmpty();
    assertThat(DatabaseFault.of(new DataIntegrityViolationException("no SQL state"))).isEmpty();
  }

  private static RuntimeException sql(String state, String message) {
    return new UncategorizedSQLException("test", "SELECT 1", new SQLException(message, state));
  }
}
