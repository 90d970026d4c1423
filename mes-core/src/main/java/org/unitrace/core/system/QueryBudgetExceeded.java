package org.unitrace.core.system;

import java.net.URI;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A question ran past the query budget and was cancelled. Answered 503 (the database would not
 * answer it within the bound now: the same question may pass when the plant's database is less
 * busy, a narrower one will) with a problem body: {@code query} (the question in words), {@code
 * timeoutMs} (the bound) and {@code narrowing} (what to change).
 */
public class QueryBudgetExceeded extends ErrorResponseException {

  static final URI TYPE = URI.create("urn:unitrace:problem:query-budget-exceeded");

  public QueryBudgetExceeded(String question, Duration timeout, String narrowing, Throwable cause) {
    super(HttpStatus.SERVICE_UNAVAILABLE, problem(question, timeout, narrowing), cause);
  }

  private static ProblemDetail problem(String question, Duration timeout, String narrowing) {
    ProblemDetail p =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.SERVICE_UNAVAILABLE,
            "%s ran longer than the query budget of %d ms (unitrace.query.timeout) and was"
                    .formatted(question, timeout.toMillis())
                + " cancelled; narrow it: "
                + narrowing);
    p.setType(TYPE);
    p.setTitle("Query budget exceeded");
    p.setProperty("query", question);
    p.setProperty("timeoutMs", timeout.toMillis());
    p.setProperty("narrowing", narrowing);
    return p;
  }

  @Override
  public String getMessage() {
    return getBody().getDetail();
  }
}
