package org.unitrace.core.epcis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.unitrace.core.system.NotFoundException;
import org.unitrace.core.system.PageLimit;

/** EPCIS 2.0 JSON-LD documents: one unit's history, or the events matching a simple query. */
@RestController
@RequestMapping("/api")
@RequiredArgsConstructor
class EpcisController {

  static final String CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
  static final String MEDIA_TYPE = "application/ld+json";
  private static final int UNIT_LIMIT = 10_000;
  private static final int MAX_LIMIT = 10_000;

  private final EpcisEvents events;
  private final ObjectMapper json;

  @Operation(summary = "A unit's history as an EPCIS 2.0 EPCISDocument")
  @GetMapping(
      value = "/units/{serial}/epcis",
      produces = {MEDIA_TYPE, "application/json"})
  ObjectNode unit(@PathVariable String serial) {
    if (!events.unitExists(serial)) {
      throw new NotFoundException("unit", serial);
    }
    return document(
        events.find(new EpcisQuery(serial, null, null, null, null, null, null, UNIT_LIMIT)));
  }

  @Operation(
      summary = "EPCIS events matching all given filters, oldest first, at most limit of them")
  @GetMapping(
      value = "/epcis/events",
      produces = {MEDIA_TYPE, "application/json"})
  ObjectNode query(
      @RequestParam(required = false) String serial,
      @RequestParam(required = false) String lot,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) String site,
      @RequestParam(required = false) String line,
      @RequestParam(required = false) String bizStep,
      @RequestParam(defaultValue = "1000") int limit) {
    PageLimit.check(limit, MAX_LIMIT);
    return document(
        events.find(
            new EpcisQuery(
                serial,
                lot,
                instant("from", from),
                instant("to", to),
                site,
                line,
                bizStep,
                limit)));
  }

  private ObjectNode document(List<ObjectNode> eventList) {
    ObjectNode doc = json.createObjectNode();
    doc.putArray("@context").add(CONTEXT);
    doc.put("type", "EPCISDocument");
    doc.put("schemaVersion", "2.0");
    doc.put("creationDate", Instant.now(Clock.systemUTC()).toString());
    doc.putObject("epcisBody").putArray("eventList").addAll(eventList);
    return doc;
  }

  private static Instant instant(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          name + " must be an ISO-8601 time with offset, was '" + value + "'");
    }
  }
}
