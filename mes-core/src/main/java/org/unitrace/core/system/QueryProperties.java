package org.unitrace.core.system;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long one question asked through the API (a trace, a genealogy, a common-factor analysis) may
 * keep the database busy: {@code unitrace.query.timeout}, each statement's PostgreSQL {@code
 * statement_timeout}. Past it the statement is cancelled and the caller told how to narrow the
 * question, instead of a request that hangs on a held connection.
 */
@ConfigurationProperties("unitrace.query")
public record QueryProperties(@DefaultValue("PT10S") Duration timeout) {

  public QueryProperties {
    Setting.positive("unitrace.query.timeout", timeout);
  }
}
