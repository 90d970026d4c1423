package org.unitrace.core.genealogy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/**
 * The query budget: a trace, a genealogy or an analysis whose statement runs past {@code
 * unitrace.query.timeout} is cancelled and answered 503 with a problem body that names the
 * question, the bound and how to narrow it, and the connection goes back to work. To make a
 * statement outlast the budget whatever the machine's speed, another transaction holds an exclusive
 * lock on the genealogy table while the question is asked (PostgreSQL counts the wait for a lock
 * against statement_timeout).
 */
@TestPropertySource(properties = "unitrace.query.timeout=PT0.5S")
class QueryBudgetIT extends TraceITSupport {

  @Autowired DataSource dataSource;

  @Test
  void aTraceThatOutlastsTheBudgetIsA503NamingTheQueryTheBoundAndHowToNarrowIt() throws Exception {
    String lot = "/api/trace/where-used?partNumber=WIDGET-7&lot={l}";
    ResponseEntity<JsonNode> answer = whileGenealogyIsLocked(() -> get(lot, p + "W1"));

    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    JsonNode problem = answer.getBody();
    assertThat(problem.path("type").asText())
        .isEqualTo("urn:unitrace:problem:query-budget-exceeded");
    assertThat(problem.path("timeoutMs").asLong()).isEqualTo(500);
    assertThat(problem.path("query").asText()).contains("LOT", "WIDGET-7", p + "W1");
    assertThat(problem.path("narrowing").asText()).contains("topLevelOnly", "from/to");
    assertThat(problem.path("detail").asText())
        .contains("500 ms", "unitrace.query.timeout", p + "W1", "narrow it");

    assertThat(serials(get(lot, p + "W1").getBody())).contains(p + "TOP-1", p + "TOP-2");
  }

  @Test
  void aGenealogyAndAnAnalysisAreBoundedTheSameWay() throws Exception {
    ResponseEntity<JsonNode> tree =
        whileGenealogyIsLocked(() -> get("/api/units/{s}/genealogy", p + "TOP-1"));
    assertThat(tree.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(tree.getBody().path("query").asText()).contains(p + "TOP-1");

    ResponseEntity<JsonNode> analysis =
        whileGenealogyIsLocked(
            () ->
                http.postForEntity(
                    "/api/analysis/common-factors",
                    Map.of("serials", List.of(p + "TOP-1", p + "TOP-2")),
                    JsonNode.class));
    assertThat(analysis.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(analysis.getBody().path("query").asText()).contains("common-factor", "2 units");
    assertThat(analysis.getBody().path("narrowing").asText()).contains("fewer serials");

    assertThat(get("/api/units/{s}/genealogy", p + "TOP-1").getStatusCode())
        .isEqualTo(HttpStatus.OK);
  }

  private ResponseEntity<JsonNode> whileGenealogyIsLocked(
      java.util.function.Supplier<ResponseEntity<JsonNode>> request) throws Exception {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("LOCK TABLE unit_component IN ACCESS EXCLUSIVE MODE");
        return request.get();
      } finally {
        c.rollback();
      }
    }
  }
}
