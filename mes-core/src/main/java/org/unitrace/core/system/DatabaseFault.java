package org.unitrace.core.system;

import java.sql.SQLException;
import java.util.Optional;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a failure that is the database's state (unreachable, restarting, read-only, disk full) from
 * one that a statement or its data caused. The first kind is no one event's fault: whoever wrote
 * retries the same work later and acknowledges nothing meanwhile; the second may be one event's,
 * which then goes to the dead letters. PostgreSQL's SQLSTATE classes say which.
 */
public final class DatabaseFault {

  /** The answer to an HTTP request that met such a fault (503). */
  public static final String ANSWER =
      "the database cannot serve this request now (/actuator/health says why): nothing of it took"
          + " effect; retry later";

  /** The {@code Retry-After} of that answer. */
  public static final String RETRY_AFTER_SECONDS = "10";

  private DatabaseFault() {}

  /** What is wrong with the database, when {@code failure} says it is the database's state. */
  public static Optional<String> of(Throwable failure) {
    String state = sqlState(failure);
    String message = rootMessage(failure);
    if (state == null) {
      if (failure instanceof CannotGetJdbcConnectionException
          || failure instanceof CannotCreateTransactionException) {
        return Optional.of("the database is unreachable: " + message);
      }
      return Optional.empty();
    }
    String what;
    if (state.equals("25006")) {
      what = "the database refuses writes: it is read-only";
    } else if (state.equals("53100")) {
      what = "the database's disk is full";
    } else if (state.startsWith("08")) {
      what = "the database is unreachable";
    } else if (state.startsWith("53")) {
      what = "the database is out of resources";
    } else if (state.startsWith("57P")) {
      what = "the database is shutting down or restarting";
    } else if (state.startsWith("58")) {
      what = "the database has a system or I/O error";
    } else {
      return Optional.empty();
    }
    return Optional.of("%s (SQLSTATE %s: %s)".formatted(what, state, message));
  }

  private static String sqlState(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return sql.getSQLState();
      }
    }
    return null;
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String message = String.valueOf(root.getMessage()).lines().findFirst().orElse("");
    return message.length() > 300 ? message.substring(0, 300) + "…" : message;
  }
}
