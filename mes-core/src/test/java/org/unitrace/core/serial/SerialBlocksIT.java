package org.unitrace.core.serial;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.unitrace.core.support.CoreITSupport;

/**
 * Blocks of a template's sequence: concurrent requests never overlap, a request beyond the
 * template's width is refused naming what remains, an edge token allocates for its own line only.
 */
class SerialBlocksIT extends CoreITSupport {

  private static final String TEMPLATE = "{site:3}{line:2}{seq:4:daily}";

  @Test
  void concurrentRequestsReceiveRangesThatNeverOverlap() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<JsonNode>> answers = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Callable<JsonNode> ask = () -> allocate(http, "L1", "20261128", 25, "agent-x").getBody();
      answers.add(pool.submit(ask));
    }
    boolean[] taken = new boolean[1000];
    for (Future<JsonNode> f : answers) {
      JsonNode b = f.get();
      assertThat(b.path("last").asLong() - b.path("first").asLong()).isEqualTo(24);
      for (long n = b.path("first").asLong(); n <= b.path("last").asLong(); n++) {
        assertThat(taken[(int) n]).as("number " + n + " given twice").isFalse();
        taken[(int) n] = true;
      }
    }
    pool.shutdown();
    JsonNode listed =
        http.getForObject(
            "/api/serial-blocks?site=AKL&line=L1&template={t}", JsonNode.class, TEMPLATE);
    List<JsonNode> mine = new ArrayList<>();
    listed.forEach(
        b -> {
          if (b.path("agentId").asText().equals("agent-x")) {
            mine.add(b);
          }
        });
    assertThat(mine).hasSize(40);
  }

  @Test
  void aCountBeyondTheSequenceWidthIsRefusedNamingTheTemplateAndWhatRemains() {
    assertThat(allocate(http, "L1", "20261201", 9990, "a").getStatusCode().is2xxSuccessful())
        .isTrue();
    ResponseEntity<JsonNode> refused = allocate(http, "L1", "20261201", 11, "a");
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(refused.getBody().path("detail").asText()).contains(TEMPLATE).contains("10 remain");
  }

  @Test
  void anEdgeTokenAllocatesForItsOwnLineOnly() {
    TestRestTemplate edge = bearer(edgeToken("AKL", "L1"));
    assertThat(allocate(edge, "L1", "", 10, "edge-L1").getStatusCode()).isEqualTo(HttpStatus.OK);
    ResponseEntity<JsonNode> other = allocate(edge, "L2", "", 10, "edge-L1");
    assertThat(other.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }

  private ResponseEntity<JsonNode> allocate(
      TestRestTemplate client, String line, String period, long count, String agent) {
    return client.postForEntity(
        "/api/serial-blocks",
        Map.of(
            "site", SITE,
            "line", line,
            "template", TEMPLATE,
            "period", period,
            "count", count,
            "agentId", agent),
        JsonNode.class);
  }
}
