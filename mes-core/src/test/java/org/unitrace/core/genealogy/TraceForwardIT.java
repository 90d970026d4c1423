package org.unitrace.core.genealogy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventPayload;
import org.unitrace.core.support.TestEvents;

/**
 * Forward trace from each kind of starting point, through two sub-assembly levels, on the real
 * PostgreSQL: a lot as bound, a lot as loaded at a station (material-load windows), one material
 * load, a supplier, a run, a station over a time window, a line by shift, a serial range; rework
 * moves what a trace finds; big answers come in pages with the whole set's counts.
 */
class TraceForwardIT extends TraceITSupport {

  private String line() {
    return p.substring(0, p.length() - 1);
  }

  @Test
  void aLotInTheCellsReachesTheProductsThreeLevelsUp() {
    JsonNode trace = get("/api/trace/where-used?partNumber=WIDGET-7&lot={l}", p + "W1").getBody();
    assertThat(serials(trace))
        .containsExactlyInAnyOrder(
            p + "CELL-1", p + "CELL-2", p + "MOD-1", p + "MOD-2", p + "TOP-1", p + "TOP-2");
    assertThat(topLevel(trace)).containsExactlyInAnyOrder(p + "TOP-1", p + "TOP-2");
    assertThat(trace.path("kind").asText()).isEqualTo("LOT");
    for (JsonNode u : trace.path("units")) {
      if (u.path("serial").asText().equals(p + "TOP-1")) {
        assertThat(u.path("depth").asInt()).isEqualTo(3);
        assertThat(u.path("path").toString())
            .isEqualTo("[\"%sTOP-1\",\"%sMOD-1\",\"%sCELL-1\"]".formatted(p, p, p));
      }
    }
  }

  @Test
  void aLotLoadedAtAStationFindsTheUnitsThatPassedWhileItWasLoaded() {
    JsonNode first =
        get("/api/trace/where-used?partNumber=GLUE-1&lot={l}&loaded=true", p + "G1").getBody();
    assertThat(topLevel(first)).containsExactlyInAnyOrder(p + "TOP-1", p + "TOP-2");
    assertThat(serials(first)).contains(p + "CELL-1", p + "CELL-2").doesNotContain(p + "CELL-3");
    JsonNode second =
        get("/api/trace/where-used?partNumber=GLUE-1&lot={l}&loaded=true", p + "G2").getBody();
    assertThat(topLevel(second)).containsExactly(p + "TOP-3");
    // never bound, only loaded: as a binding trace it finds nothing
    assertThat(
            get("/api/trace/where-used?partNumber=GLUE-1&lot={l}", p + "G1")
                .getBody()
                .path("unitCount")
                .asInt())
        .isZero();
  }

  @Test
  void oneMaterialLoadIsTracedByItsId() {
    Long id =
        jdbc.queryForObject("SELECT id FROM material_load WHERE lot = ?", Long.class, p + "G2");
    JsonNode trace = get("/api/trace/where-used?materialLoadId={id}", id).getBody();
    assertThat(serials(trace)).containsExactlyInAnyOrder(p + "CELL-3", p + "MOD-3", p + "TOP-3");
  }

  @Test
  void aSupplierReachesEveryProductWithAnyOfItsLots() {
    JsonNode trace =
        get("/api/trace/where-used?supplier={s}&topLevelOnly=true", p + "Acme Widgets").getBody();
    assertThat(serials(trace)).containsExactlyInAnyOrder(p + "TOP-1", p + "TOP-2");
    JsonNode byPart =
        get(
                "/api/trace/where-used?supplier={s}&partNumber=SENSOR-4&topLevelOnly=true",
                p + "Sensix")
            .getBody();
    assertThat(serials(byPart)).containsExactlyInAnyOrder(p + "TOP-1", p + "TOP-2", p + "TOP-3");
  }

  @Test
  void aRunOfCellsReachesEveryProductTheyWentInto() {
    JsonNode trace = get("/api/trace/where-used?runId={r}", p + "R-CELL").getBody();
    assertThat(trace.path("unitCount").asInt()).isEqualTo(9);
    assertThat(topLevel(trace)).containsExactlyInAnyOrder(p + "TOP-1", p + "TOP-2", p + "TOP-3");
    for (JsonNode u : trace.path("units")) {
      if (u.path("serial").asText().startsWith(p + "CELL-")) {
        assertThat(u.path("depth").asInt()).isZero();
      }
    }
  }

  @Test
  void aStationOverATimeWindowFindsTheUnitsThatPassedIt() {
    JsonNode onlyFirst =
        get(
                "/api/trace/where-used?site={s}&line={l}&station=TEST&from={f}&to={t}",
                SITE,
                line(),
                history.firstTest.toString(),
                history.lastTest.toString())
            .getBody();
    assertThat(serials(onlyFirst)).containsExactly(p + "TOP-1");
    JsonNode assembly =
        get("/api/trace/where-used?site={s}&line={l}&station=ASSY", SITE, line()).getBody();
    assertThat(serials(assembly)).containsExactlyInAnyOrder(p + "TOP-1", p + "TOP-2", p + "TOP-3");
  }

  @Test
  void aLineByShiftFindsTheUnitsOfThatShiftsRuns() {
    assertThat(
            get("/api/trace/where-used?site={s}&line={l}&shift=A", SITE, line())
                .getBody()
                .path("unitCount")
                .asInt())
        .isEqualTo(9);
    assertThat(
            get("/api/trace/where-used?site={s}&line={l}&shift=B", SITE, line())
                .getBody()
                .path("unitCount")
                .asInt())
        .isZero();
  }

  @Test
  void aSerialRangeOfSensorsFindsTheProductsTheyAreIn() {
    JsonNode trace =
        get(
                "/api/trace/where-used?partNumber=SENSOR-4&serialFrom={a}&serialTo={b}"
                    + "&topLevelOnly=true",
                p + "SNS-1",
                p + "SNS-2")
            .getBody();
    assertThat(serials(trace)).containsExactlyInAnyOrder(p + "TOP-1", p + "TOP-2");
  }

  @Test
  void reworkMovesTheTraceFromTheRemovedMotorToItsReplacement() {
    assertThat(serials(get("/api/trace/where-used?componentSerial={c}", p + "M-2").getBody()))
        .isEmpty();
    assertThat(serials(get("/api/trace/where-used?componentSerial={c}", p + "M-2B").getBody()))
        .containsExactlyInAnyOrder(p + "MOD-2", p + "TOP-2");
  }

  @Test
  void eachUnitSaysItsStatusAndWhereItWasLastSeenAndLocationIsEmptyForNow() {
    JsonNode trace =
        get("/api/trace/where-used?runId={r}&topLevelOnly=true", p + "R-CELL").getBody();
    for (JsonNode u : trace.path("units")) {
      assertThat(u.has("location")).isTrue();
      assertThat(u.path("location").isNull()).isTrue();
      if (u.path("serial").asText().equals(p + "TOP-3")) {
        assertThat(u.path("status").asText()).isEqualTo("IN_PROCESS");
        assertThat(u.path("lastSeen").path("line").asText()).isEqualTo(line());
        assertThat(u.path("lastSeen").path("station").asText()).isEqualTo("ASSY");
      }
      if (u.path("serial").asText().equals(p + "TOP-1")) {
        assertThat(u.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(u.path("lastSeen").path("station").asText()).isEqualTo("TEST");
      }
    }
  }

  @Test
  void lastSeenIsTheNewestSightingWhateverOrderTheEventsArriveIn() {
    String line = p + "LATE"; // a line of its own, so the other tests' lines keep their units
    TestEvents e = new TestEvents(SITE, line, "edge-" + p + "late");
    Event run = e.runStarted(p + "R-LATE", "CTRL-900", "A");
    Event serialized = e.serialized(p + "LATE-1", "CTRL-900", p + "R-LATE");
    Event bound = e.boundLot(p + "LATE-1", "SCREW-2", p + "S-LATE", p + "Late Screws");
    Event tested = e.result(p + "LATE-1", EventPayload.Result.OK);
    Event reworkedAtTheSameTime =
        new Event(
            UUID.randomUUID(),
            1,
            tested.occurredAt(),
            SITE,
            line,
            "REWORK",
            tested.agentId(),
            tested.seq() + 1,
            new EventPayload.ComponentBound(
                p + "LATE-1",
                "SCREW-2",
                null,
                p + "S-LATE",
                p + "Late Screws",
                BigDecimal.ONE,
                null));
    postStored(List.of(tested));
    postStored(List.of(run, serialized, bound, reworkedAtTheSameTime));

    JsonNode unit =
        get("/api/trace/where-used?partNumber=SCREW-2&lot={l}", p + "S-LATE")
            .getBody()
            .path("units")
            .get(0);
    // the test result is newest; the binding made at the same time does not go before it
    assertThat(unit.path("lastSeen").path("station").asText()).isEqualTo("TEST");
    assertThat(OffsetDateTime.parse(unit.path("lastSeen").path("at").asText()).toInstant())
        .isEqualTo(tested.occurredAt());
    // what ingestion kept is what the stored station events and bindings say
    String everyUnit = "SELECT * FROM unit_last_seen ORDER BY serial";
    List<Map<String, Object>> kept = jdbc.queryForList(everyUnit);
    jdbc.queryForObject("SELECT unitrace_rebuild_last_seen()", Long.class);
    assertThat(jdbc.queryForList(everyUnit)).isEqualTo(kept);
  }

  @Test
  void aBigAnswerComesInPagesWithTheCountsOfTheWholeSet() {
    JsonNode page = get("/api/trace/where-used?runId={r}&limit=2", p + "R-CELL").getBody();
    assertThat(page.path("units")).hasSize(2);
    assertThat(page.path("unitCount").asInt()).isEqualTo(9);
    assertThat(page.path("topLevelCount").asInt()).isEqualTo(3);
    JsonNode last = get("/api/trace/where-used?runId={r}&offset=8", p + "R-CELL").getBody();
    assertThat(last.path("units")).hasSize(1);
    JsonNode beyond = get("/api/trace/where-used?runId={r}&offset=50", p + "R-CELL").getBody();
    assertThat(beyond.path("units")).isEmpty();
    assertThat(beyond.path("unitCount").asInt()).isEqualTo(9);
  }

  @Test
  void aWrongQueryIsA400NamingTheParameter() {
    assertBadRequest("/api/trace/where-used?runId=R&from=2026-01-01T00:00:00Z", "'from'");
    assertBadRequest("/api/trace/where-used?site=AKL", "'line'");
    assertBadRequest("/api/trace/where-used?site=AKL&line=L1&from=yesterday", "'from'");
    assertBadRequest("/api/trace/where-used?lots=X", "'lots'");
    assertBadRequest("/api/trace/where-used?materialLoadId=abc", "'materialLoadId'");
    assertBadRequest("/api/trace/where-used?runId=R&limit=0", "'limit'");
    assertBadRequest("/api/trace/where-used?partNumber=P&serialFrom=B&serialTo=A", "'serialFrom'");
  }

  private void assertBadRequest(String path, String naming) {
    ResponseEntity<JsonNode> response = get(path);
    assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.getBody().path("detail").asText()).as(path).contains(naming);
  }
}
