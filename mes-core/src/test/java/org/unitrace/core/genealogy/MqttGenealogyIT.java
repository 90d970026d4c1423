package org.unitrace.core.genealogy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.unitrace.contract.EventPayload;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.MqttTestPublisher;
import org.unitrace.core.support.TestEvents;
import org.unitrace.core.support.TestServers;

/**
 * The backbone end to end: events published by a real MQTT client through the real broker, stored
 * by mes-core in the real PostgreSQL, read back through the REST API. A pump sub-assembly (with a
 * motor serial and a seal lot) goes into a top-level controller unit with two more components and a
 * lot; one component is replaced in rework.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MqttGenealogyIT extends CoreITSupport {

  private final String line = TestServers.unique("L");
  private final TestEvents events = new TestEvents(SITE, line, "edge-" + line);

  @BeforeAll
  void publishAPlantHistory() throws Exception {
    var history = new ArrayList<org.unitrace.contract.Event>();
    history.add(events.runStarted("RUN-SUB-1", "PUMP-100", "A"));
    history.add(events.runStarted("RUN-TOP-1", "CTRL-900", "A"));
    // bound before serialized: the binding is accepted and the unit reconciled when it comes
    history.add(events.boundSerial("PUMP-0001", "MOTOR-7", "M-778899"));
    history.add(events.serialized("PUMP-0001", "PUMP-100", "RUN-SUB-1"));
    history.add(events.boundLot("PUMP-0001", "SEAL-3", "LOT-S-42", "Acme Seals"));
    history.add(events.serialized("CTRL-0001", "CTRL-900", "RUN-TOP-1"));
    history.add(events.boundSerial("CTRL-0001", "PUMP-100", "PUMP-0001"));
    history.add(events.boundSerial("CTRL-0001", "PCB-12", "PCB-0001"));
    history.add(events.boundSerial("CTRL-0001", "DISPLAY-5", "D-1"));
    history.add(events.boundLot("CTRL-0001", "SCREW-M4", "LOT-M4-7", "Fasteners Ltd"));
    history.add(events.unboundSerial("CTRL-0001", "DISPLAY-5", "D-1", "dead pixels"));
    history.add(events.boundSerial("CTRL-0001", "DISPLAY-5", "D-2"));
    history.add(events.result("CTRL-0001", EventPayload.Result.OK));
    history.add(events.status("CTRL-0001", EventPayload.UnitStatus.COMPLETED));
    history.add(events.serialized("CTRL-0002", "CTRL-900", "RUN-TOP-1"));
    history.add(events.boundLot("CTRL-0002", "SCREW-M4", "LOT-M4-7", "Fasteners Ltd"));
    try (var publisher = new MqttTestPublisher(TestServers.mqttUrl())) {
      history.forEach(publisher::publish);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                jdbc.queryForObject(
                        "SELECT count(*) FROM event WHERE line = ?", Integer.class, line)
                    == history.size());
  }

  @Test
  void unitLookupShowsIdentityRunStatusAndTimelineOldestFirst() {
    JsonNode unit = get("/api/units/CTRL-0001").getBody();
    assertThat(unit.path("partNumber").asText()).isEqualTo("CTRL-900");
    assertThat(unit.path("runId").asText()).isEqualTo("RUN-TOP-1");
    assertThat(unit.path("line").asText()).isEqualTo(line);
    assertThat(unit.path("status").asText()).isEqualTo("COMPLETED");
    List<String> types = new ArrayList<>();
    unit.path("timeline").forEach(e -> types.add(e.path("type").asText()));
    assertThat(types)
        .containsExactly(
            "UnitSerialized",
            "ComponentBound",
            "ComponentBound",
            "ComponentBound",
            "ComponentBound",
            "ComponentUnbound",
            "ComponentBound",
            "StationResult",
            "UnitStatusChanged");
  }

  @Test
  void subAssemblyTimelineShowsWhereItWentIn() {
    JsonNode unit = get("/api/units/PUMP-0001").getBody();
    List<String> roles = new ArrayList<>();
    unit.path("timeline")
        .forEach(e -> roles.add(e.path("type").asText() + ":" + e.path("role").asText()));
    assertThat(roles).contains("ComponentBound:component", "UnitSerialized:subject");
  }

  @Test
  void genealogyGoesDownThroughTheSubAssemblyAndKeepsReworkAsHistory() {
    JsonNode tree = get("/api/units/CTRL-0001/genealogy").getBody();
    assertThat(tree.path("serial").asText()).isEqualTo("CTRL-0001");
    List<String> current = new ArrayList<>();
    tree.path("components")
        .forEach(
            c ->
                current.add(
                    c.path("partNumber").asText()
                        + "="
                        + (c.hasNonNull("componentSerial")
                            ? c.path("componentSerial").asText()
                            : "lot " + c.path("lot").asText())));
    assertThat(current)
        .containsExactlyInAnyOrder(
            "PUMP-100=PUMP-0001", "PCB-12=PCB-0001", "DISPLAY-5=D-2", "SCREW-M4=lot LOT-M4-7");
    assertThat(tree.path("removed")).hasSize(1);
    assertThat(tree.path("removed").get(0).path("componentSerial").asText()).isEqualTo("D-1");
    assertThat(tree.path("removed").get(0).path("unbindReason").asText()).isEqualTo("dead pixels");

    JsonNode pump = null;
    for (JsonNode c : tree.path("components")) {
      if ("PUMP-0001".equals(c.path("componentSerial").asText())) {
        pump = c.path("unit");
      }
    }
    assertThat(pump).isNotNull();
    assertThat(pump.path("partNumber").asText()).isEqualTo("PUMP-100");
    assertThat(pump.path("runId").asText()).isEqualTo("RUN-SUB-1");
    List<String> inPump = new ArrayList<>();
    pump.path("components")
        .forEach(
            c ->
                inPump.add(
                    c.hasNonNull("componentSerial")
                        ? c.path("componentSerial").asText()
                        : c.path("lot").asText()));
    assertThat(inPump).containsExactlyInAnyOrder("M-778899", "LOT-S-42");
    assertThat(pump.path("components").get(0).path("station").asText()).isEqualTo("ASSY");
  }

  @Test
  void whereUsedFromALotDeepInsideReachesTheTopLevelUnit() {
    JsonNode trace = get("/api/trace/where-used?partNumber=SEAL-3&lot=LOT-S-42").getBody();
    assertThat(TraceITSupport.serials(trace)).containsExactlyInAnyOrder("PUMP-0001", "CTRL-0001");
    assertThat(TraceITSupport.topLevel(trace)).containsExactly("CTRL-0001");
  }

  @Test
  void whereUsedFromAComponentSerialGoesUpEveryLevel() {
    JsonNode trace = get("/api/trace/where-used?componentSerial=M-778899").getBody();
    assertThat(TraceITSupport.serials(trace)).containsExactlyInAnyOrder("PUMP-0001", "CTRL-0001");
    for (JsonNode u : trace.path("units")) {
      if (u.path("serial").asText().equals("CTRL-0001")) {
        assertThat(u.path("depth").asInt()).isEqualTo(2);
        assertThat(u.path("path").toString()).isEqualTo("[\"CTRL-0001\",\"PUMP-0001\"]");
      }
    }
  }

  @Test
  void whereUsedOfALotSharedByTwoTopLevelUnitsFindsBoth() {
    JsonNode trace = get("/api/trace/where-used?partNumber=SCREW-M4&lot=LOT-M4-7").getBody();
    assertThat(TraceITSupport.topLevel(trace)).containsExactlyInAnyOrder("CTRL-0001", "CTRL-0002");
  }

  @Test
  void aRemovedComponentIsNoLongerWhereUsed() {
    assertThat(TraceITSupport.serials(get("/api/trace/where-used?componentSerial=D-1").getBody()))
        .isEmpty();
    assertThat(TraceITSupport.serials(get("/api/trace/where-used?componentSerial=D-2").getBody()))
        .containsExactly("CTRL-0001");
  }

  @Test
  void runListsItsUnitsWithTheirStatus() {
    JsonNode run = get("/api/runs/RUN-TOP-1").getBody();
    assertThat(run.path("partNumber").asText()).isEqualTo("CTRL-900");
    assertThat(run.path("unitCount").asInt()).isEqualTo(2);
    assertThat(run.path("unitsByStatus").path("COMPLETED").asInt()).isEqualTo(1);
    assertThat(run.path("unitsByStatus").path("IN_PROCESS").asInt()).isEqualTo(1);
  }

  @Test
  void unknownSerialIsA404NamingTheSerial() {
    ResponseEntity<JsonNode> response = get("/api/units/NO-SUCH-SERIAL");
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(response.getBody().path("detail").asText()).contains("NO-SUCH-SERIAL");
    assertThat(get("/api/units/NO-SUCH-SERIAL/genealogy").getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(get("/api/runs/NO-SUCH-RUN").getBody().path("detail").asText())
        .contains("NO-SUCH-RUN");
  }

  @Test
  void whereUsedWithoutWhatToTraceIsA400SayingWhichParameters() {
    ResponseEntity<JsonNode> none = get("/api/trace/where-used");
    assertThat(none.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(none.getBody().path("detail").asText()).contains("componentSerial", "partNumber");
    ResponseEntity<JsonNode> lotOnly = get("/api/trace/where-used?lot=LOT-M4-7");
    assertThat(lotOnly.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(lotOnly.getBody().path("detail").asText()).contains("partNumber");
  }

  @Test
  void stationsAreRegisteredFromTheirFirstEvent() {
    Integer stations =
        jdbc.queryForObject("SELECT count(*) FROM station WHERE line = ?", Integer.class, line);
    assertThat(stations).isEqualTo(5); // MARK, ASSY, REWORK, TEST, PACK
  }

  @Test
  void aProductionEngineerNamesAStationAndGivesItsKind() {
    http.put(
        "/api/stations/" + SITE + "/" + line + "/MARK",
        java.util.Map.of("name", "Laser marker 1", "kind", "marking"));
    JsonNode mark = null;
    for (JsonNode s : get("/api/stations").getBody()) {
      if (s.path("line").asText().equals(line) && s.path("station").asText().equals("MARK")) {
        mark = s;
      }
    }
    assertThat(mark.path("name").asText()).isEqualTo("Laser marker 1");
    assertThat(mark.path("kind").asText()).isEqualTo("marking");
  }

  @Test
  void anUnknownStationKindIsRefusedNamingTheField() {
    var response =
        http.exchange(
            "/api/stations/" + SITE + "/" + line + "/MARK",
            org.springframework.http.HttpMethod.PUT,
            new org.springframework.http.HttpEntity<>(java.util.Map.of("kind", "welding")),
            JsonNode.class);
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.getBody().toString()).contains("kind");
  }

  @Test
  void theOpenApiDocumentIsServed() {
    JsonNode api = get("/v3/api-docs").getBody();
    assertThat(api.path("paths").has("/api/units/{serial}/genealogy")).isTrue();
    assertThat(api.path("paths").has("/api/events")).isTrue();
  }

  private ResponseEntity<JsonNode> get(String path) {
    return http.getForEntity(path, JsonNode.class);
  }
}
