package org.unitrace.core.ingest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.unitrace.contract.BatchResult;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.security.LineScope;

/** Events over HTTP: how agents drain a backlog and how integrations post. */
@RestController
@RequestMapping("/api/events")
@RequiredArgsConstructor
class EventsController {

  private final EventIngestor ingestor;
  private final IngestLimits limits;
  private final ObjectMapper json;
  private final AuditLog audit;

  /**
   * What the audit trail keeps of one posting: who posted which events, and what became of them.
   */
  record Posted(long stored, long duplicate, long rejected, List<java.util.UUID> storedEventIds) {}

  @Operation(
      summary = "Store a JSON array of events",
      description =
          "Each event is answered on its own: stored, duplicate (stored before, by eventId) or"
              + " rejected with the reason and the JSON path of the offending field. Rejected"
              + " events are also kept in the dead letters. All are committed before the answer."
              + " An edge token may send only for its line, its line's agents and the units on"
              + " or handed to its line (anything else is rejected as spoofing); serials are"
              + " GS1 CSET 82; the body must be UTF-8 (an overlong form is a 400).")
  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  List<BatchResult> post(@RequestBody byte[] body) {
    List<byte[]> elements = elements(body);
    var scope = LineScope.current();
    List<Incoming> batch = new ArrayList<>(elements.size());
    for (byte[] raw : elements) {
      batch.add(
          scope
              .map(s -> Incoming.http(raw, s.site(), s.line(), s.identity()))
              .orElseGet(() -> Incoming.http(raw)));
    }
    List<Outcome> outcomes = ingestor.ingest(batch);
    audit.record("events.post", "events", null, null, posted(outcomes), null);
    List<BatchResult> results = new ArrayList<>(outcomes.size());
    for (int i = 0; i < outcomes.size(); i++) {
      Outcome o = outcomes.get(i);
      results.add(
          new BatchResult(
              i, BatchResult.Status.valueOf(o.status().name()), o.eventId(), o.reason(), o.path()));
    }
    return results;
  }

  private static Posted posted(List<Outcome> outcomes) {
    return new Posted(
        outcomes.stream().filter(o -> o.status() == Outcome.Status.stored).count(),
        outcomes.stream().filter(o -> o.status() == Outcome.Status.duplicate).count(),
        outcomes.stream().filter(o -> o.status() == Outcome.Status.rejected).count(),
        outcomes.stream()
            .filter(o -> o.status() == Outcome.Status.stored)
            .map(Outcome::eventId)
            .toList());
  }

  /**
   * The elements of the body's JSON array, each as the bytes it was sent as: one pass of the
   * tokenizer, no tree built and written again (each event is parsed once, by its own check).
   */
  private List<byte[]> elements(byte[] body) {
    List<byte[]> elements = new ArrayList<>();
    try (JsonParser parser = json.getFactory().createParser(body)) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        throw new ResponseStatusException(
            HttpStatus.BAD_REQUEST, "the body must be a JSON array of events");
      }
      for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
        if (t == null) {
          throw new JsonParseException(parser, "the array is not closed");
        }
        if (elements.size() == limits.maxEventsPerRequest()) {
          throw new ResponseStatusException(
              HttpStatus.PAYLOAD_TOO_LARGE,
              "more than %d events posted, at most %d per request"
                  .formatted(limits.maxEventsPerRequest(), limits.maxEventsPerRequest()));
        }
        int start = (int) parser.currentTokenLocation().getByteOffset();
        parser.skipChildren();
        int end = (int) parser.currentLocation().getByteOffset();
        elements.add(Arrays.copyOfRange(body, start, end));
      }
      if (parser.nextToken() != null) {
        throw new JsonParseException(parser, "content after the array");
      }
    } catch (IOException e) {
      throw new ResponseStatusException(
          HttpStatus.BAD_REQUEST,
          "the body is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
    return elements;
  }
}
