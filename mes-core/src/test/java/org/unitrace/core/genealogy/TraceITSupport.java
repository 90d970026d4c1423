package org.unitrace.core.genealogy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.springframework.http.ResponseEntity;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.Json;
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
    postStored(history.events);
    posted = true;
  }

  protected ResponseEntity<JsonNode> get(String path, Object... variables) {
    return http.getForEntity(path, JsonNode.class, variables);
  }

  protected static List<String> serials(JsonNode trace) {
    return Json.texts(trace.path("units"), "serial");
  }

  protected static List<String> topLevel(JsonNode trace) {
    return Json.textsWhere(trace.path("units"), "topLevel", "serial");
  }
}
