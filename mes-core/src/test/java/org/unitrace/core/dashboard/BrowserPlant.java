package org.unitrace.core.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unitrace.core.support.Rest.ok;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventPayload;
import org.unitrace.contract.EventPayload.Result;
import org.unitrace.contract.EventPayload.StationState;
import org.unitrace.contract.EventPayload.UnitStatus;
import org.unitrace.core.support.Bodies;
import org.unitrace.core.support.Rest;

/**
 * A small plant made through the API as its agents and desks would: line L2 makes motors with a
 * bearing from a supplier lot, line L1 builds pumps around them (one motor each), tests them (one
 * NOK with its process values), checks their marks (one fails); a warehouse takes completed pumps
 * and one is sold. Events carry the current time, so they fall in the pages' default range.
 */
final class BrowserPlant {

  static final String SITE = "AKL";
  static final String PUMPS = "L1";
  static final String MOTORS = "L2";
  static final String TEMPLATE = "{site:3}{line:2}{yy}{ddd}{seq:4}";
  static final String BAD_LOT = "LOT-42";
  static final String GOOD_LOT = "LOT-43";
  static final String BEARING = "BRG-6204";

  private final TestRestTemplate http;
  private final String day =
      LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyDDD"));
  private final Map<String, Long> seqs = new java.util.HashMap<>();
  private long liveSeq;
  private int nextSerial = 1;

  final List<String> pumps = new ArrayList<>();
  final List<String> motors = new ArrayList<>();

  BrowserPlant(TestRestTemplate http) {
    this.http = http;
  }

  String serial(String line) {
    return "%s%s%s%04d".formatted(SITE, line, day, nextSerial++);
  }

  void build() {
    ok(post("/api/locations", Map.of("code", "AKL-SITE", "name", "Auckland", "kind", "SITE")));
    ok(post("/api/locations", Map.of("code", "AKL-WH", "kind", "WAREHOUSE", "parent", "AKL-SITE")));
    ok(
        put(
            "/api/lines/" + SITE + "/" + PUMPS + "/completion-location",
            Map.of("location", "AKL-WH")));
    ok(put("/api/products/PUMP-100/warranty", Map.of("months", 24, "startsAt", "SALE")));
    ok(post("/api/customers", Bodies.customer("C-KIWI", "Kiwi Pumps Ltd", Bodies.queenStreet())));

    List<Event> events = new ArrayList<>();
    events.add(at(MOTORS, "MARK", new EventPayload.RunStarted("RUN-M1", "MOT-7", "B", 10, "A")));
    events.add(at(PUMPS, "MARK", new EventPayload.RunStarted("RUN-P1", "PUMP-100", "A", 10, "A")));
    events.add(
        at(PUMPS, "TEST", new EventPayload.StationStateChanged(StationState.RUNNING, null, null)));
    for (int i = 0; i < 3; i++) {
      String motor = serial(MOTORS);
      motors.add(motor);
      events.add(
          at(MOTORS, "MARK", new EventPayload.UnitSerialized(motor, "MOT-7", "B", "RUN-M1")));
      events.add(
          at(
              MOTORS,
              "ASSY",
              new EventPayload.ComponentBound(
                  motor,
                  BEARING,
                  null,
                  i < 2 ? BAD_LOT : GOOD_LOT,
                  "ACME Bearings",
                  new BigDecimal("2"),
                  "B1")));
    }
    for (int i = 0; i < 3; i++) {
      String pump = serial(PUMPS);
      pumps.add(pump);
      events.add(
          at(PUMPS, "MARK", new EventPayload.UnitSerialized(pump, "PUMP-100", "A", "RUN-P1")));
      events.add(
          at(
              PUMPS,
              "MARK",
              new EventPayload.MarkVerified(pump, i != 1, i != 1 ? "A" : "F", pump, "DM")));
      events.add(
          at(
              PUMPS,
              "ASSY",
              new EventPayload.ComponentBound(
                  pump, "MOT-7", motors.get(i), null, null, BigDecimal.ONE, "M1")));
      Result result = i == 2 ? Result.NOK : Result.OK;
      events.add(
          at(
              PUMPS,
              "TEST",
              new EventPayload.StationResult(
                  pump,
                  result,
                  result == Result.NOK ? "LEAK" : null,
                  result == Result.NOK ? 6100L : 3900L,
                  Map.of("pressureBar", result == Result.NOK ? 1.7 : 3.2))));
      if (result == Result.NOK) {
        events.add(
            at(
                PUMPS,
                "TEST",
                new EventPayload.StationResult(
                    pump, Result.OK, null, 4100L, Map.of("pressureBar", 3.1))));
      }
      events.add(
          at(PUMPS, "PACK", new EventPayload.UnitStatusChanged(pump, UnitStatus.COMPLETED, null)));
    }
    events.add(
        at(
            PUMPS,
            "MARK",
            new EventPayload.StationStateChanged(StationState.FAULT, "LASER_TEMP", null)));
    postEvents(events);

    ok(
        post(
            "/api/sales",
            Bodies.sale("SO-1", "C-KIWI", LocalDate.now(ZoneOffset.UTC).toString(), pumps.get(2))));
  }

  /** A pump serialized and tested on L1, as its agent would publish it over MQTT. */
  List<Event> morePumps(int count) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String pump = serial(PUMPS);
      events.add(live(new EventPayload.UnitSerialized(pump, "PUMP-100", "A", "RUN-P1")));
    }
    return events;
  }

  private Event live(EventPayload payload) {
    return new Event(
        UUID.randomUUID(), 1, Instant.now(), SITE, PUMPS, "MARK", "edge-live", liveSeq++, payload);
  }

  private Event at(String line, String station, EventPayload payload) {
    long seq = seqs.merge(line, 1L, Long::sum) - 1;
    return new Event(
        UUID.randomUUID(), 1, Instant.now(), SITE, line, station, "edge-" + line, seq, payload);
  }

  private void postEvents(List<Event> events) {
    JsonNode results = ok(http.postForEntity("/api/events", Rest.events(events), JsonNode.class));
    results.forEach(r -> assertThat(r.path("status").asText()).as("%s", r).isEqualTo("stored"));
  }

  private ResponseEntity<JsonNode> post(String path, Object body) {
    return http.postForEntity(path, body, JsonNode.class);
  }

  private ResponseEntity<JsonNode> put(String path, Object body) {
    return http.exchange(path, HttpMethod.PUT, new HttpEntity<>(body), JsonNode.class);
  }
}
