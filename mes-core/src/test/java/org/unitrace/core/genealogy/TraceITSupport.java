package org.unitrace.core.genealogy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.unitrace.contract.EventCodec;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.TestServers;

/** Posts one {@link TraceHistory} through {@code /api/events} before the first test of a class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TraceITSupport extends CoreITSupport {

  protected final TraceHistory history =
      new TraceHistory(SITE, TestServers.unique("T").substring(0, 8));
  protected final String p = history.p;
  private boolean posted;

  @BeforeEach
  void postTheHistoryOnce() {
    if (posted) {
      return;
    }
    EventCodec codec = new EventCodec();
    String body =
        "[" + String.join(",", history.events.stream().map(codec::encodeToString).toList()) + "]";
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    ResponseEntity<JsonNode> answer =
        http.postForEntity("/api/events", new HttpEntity<>(body, headers), JsonNode.class);
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
    answer.getBody().forEach(r -> assertThat(r.path("status").asText()).isEqualTo("stored"));
    posted = true;
  }

  protected ResponseEntity<JsonNode> get(String path, Object... variables) {
    return http.getForEntity(path, JsonNode.class, variables);
  }

  protected static List<String> serials(JsonNode trace) {
    List<String> serials = new ArrayList<>();
    trace.path("units").forEach(u -> serials.add(u.path("serial").asText()));
    return serials;
  }

  protected static List<String> topLevel(JsonNode trace) {
    List<String> serials = new ArrayList<>();
    trace
        .path("units")
        .forEach(
            u -> {
              if (u.path("topLevel").asBoolean()) {
                serials.add(u.path("serial").asText());
              }
            });
    return serials;
  }
}
