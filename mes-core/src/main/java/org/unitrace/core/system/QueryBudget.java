package org.unitrace.core.system;

import java.sql.SQLException;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a read-only question in one transaction whose statements PostgreSQL cancels past {@link
 * QueryProperties#timeout()} ({@code SET LOCAL statement_timeout}). A cancelled statement becomes a
 * {@link QueryBudgetExceeded}: a 503 that names the question, the bound and how to narrow it.
 */
@Component
public class QueryBudget {

  /** PostgreSQL's SQLSTATE for a statement cancelled (by statement_timeout or a cancel request). */
  static final String QUERY_CANCELED = "57014";

  private final TransactionTemplate readOnly;
  private final JdbcClient jdbc;
  private final QueryProperties properties;

  QueryBudget(
      PlatformTransactionManager transactions, JdbcClient jdbc, QueryProperties properties) {
    this.readOnly = new TransactionTemplate(transactions);
    this.readOnly.setReadOnly(true);
    this.jdbc = jdbc;
    this.properties = properties;
  }

  /**
   * {@code question} in words (as the problem body names it) and {@code narrowing} (what the caller
   * can change to ask something smaller) are only used when the budget runs out.
   */
  public <T> T run(String question, String narrowing, Supplier<T> work) {
    return readOnly.execute(
        status -> {
          // These questions are index walks over data the server holds in memory: no JIT (it
          // compiles for 100+ ms before a plan that runs in 10), and random reads priced as on an
          // SSD, not the default's spinning disk, so a LIMIT of 1,000 rows takes an index scan
          // instead of a bitmap of a whole supplier's 350,000 bindings.
          jdbc.sql(
                  """
                  SELECT set_config('statement_timeout', :ms, true), set_config('jit', 'off', true),
                         set_config('random_page_cost', '1.1', true)
                  """)
              .param("ms", Long.toString(properties.timeout().toMillis()))
              .query((rs, i) -> rs.getString(1))
              .single();
          try {
            return work.get();
          } catch (RuntimeException e) {
            if (cancelled(e)) {
              throw new QueryBudgetExceeded(question, properties.timeout(), narrowing, e);
            }
            throw e;
          }
        });
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
