package org.unitrace.core.system;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a read-only question under settings whose statements PostgreSQL cancels past {@link
 * QueryProperties#timeout()} ({@code statement_timeout}, set for the question only). A cancelled
 * statement becomes a {@link QueryBudgetExceeded}: a 503 that names the question, the bound and how
 * to narrow it.
 */
@Component
public class QueryBudget {

  /** PostgreSQL's SQLSTATE for a statement cancelled (by statement_timeout or a cancel request). */
  static final String QUERY_CANCELED = "57014";

  /**
   * These questions are index walks over data the server holds in memory: no JIT (it compiles for
   * 100+ ms before a plan that runs in 10), and random reads priced as on an SSD, not the default's
   * spinning disk, so a LIMIT of 1,000 rows takes an index scan instead of a bitmap of a whole
   * supplier's 350,000 bindings. {@code set_config(..., true)} holds to the end of the transaction.
   */
  private static final String SETTINGS =
      """
      SELECT set_config('statement_timeout', :budgetTimeoutMs, true),
             set_config('jit', 'off', true), set_config('random_page_cost', '1.1', true)
      """;

  private final TransactionTemplate readOnly;
  private final NamedParameterJdbcTemplate jdbc;
  private final QueryProperties properties;

  QueryBudget(
      PlatformTransactionManager transactions,
      NamedParameterJdbcTemplate jdbc,
      QueryProperties properties) {
    this.readOnly = new TransactionTemplate(transactions);
    this.readOnly.setReadOnly(true);
    this.jdbc = jdbc;
    this.properties = properties;
  }

  /** One statement of a question: SQL with named parameters, and what to make of its rows. */
  public record Statement<T>(String sql, Map<String, ?> params, ResultSetExtractor<T> rows) {}

  /**
   * A question of several statements, in one read-only transaction that begins with the budget's
   * settings. {@code question} in words (as the problem body names it) and {@code narrowing} (what
   * the caller can change to ask something smaller) are only used when the budget runs out.
   */
  public <T> T run(String question, String narrowing, Supplier<T> work) {
    return bounded(
        question,
        narrowing,
        () ->
            readOnly.execute(
                status -> {
                  jdbc.queryForList(SETTINGS, timeout());
                  return work.get();
                }));
  }

  /**
   * A question of one statement, in one round trip and no transaction of its own: the settings and
   * the statement go to the server together, and PostgreSQL runs statements sent together in one
   * implicit transaction, so the settings hold for the statement and end with it.
   */
  public <T> T query(String question, String narrowing, Statement<T> statement) {
    Map<String, Object> params = new HashMap<>(statement.params());
    params.putAll(timeout());
    return bounded(
        question,
        narrowing,
        () ->
            jdbc.execute(
                SETTINGS + ";\n" + statement.sql(),
                params,
                (PreparedStatement ps) -> {
                  ps.execute(); // the settings' row
                  if (!ps.getMoreResults()) {
                    throw new SQLException("no rows answered " + question);
                  }
                  try (ResultSet rs = ps.getResultSet()) {
                    return statement.rows().extractData(rs);
                  }
                }));
  }

  private Map<String, Object> timeout() {
    return Map.of("budgetTimeoutMs", Long.toString(properties.timeout().toMillis()));
  }

  private <T> T bounded(String question, String narrowing, Supplier<T> work) {
    try {
      return work.get();
    } catch (RuntimeException e) {
      if (cancelled(e)) {
        throw new QueryBudgetExceeded(question, properties.timeout(), narrowing, e);
      }
      throw e;
    }
  }

  static boolean cancelled(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && QUERY_CANCELED.equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
