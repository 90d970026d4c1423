package org.unitrace.core.genealogy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Backward trace through two sub-assembly levels on the real PostgreSQL: each node of the tree says
 * in which run, shift, line and station it was made and when, what the stations recorded about it
 * (results and process values), and what was taken out of it in rework and what replaced it.
 */
class TraceBackwardIT extends TraceITSupport {

  @Test
  void theTreeGoesDownFromTheProductThroughTheModuleToTheCellAndItsLots() {
    JsonNode top = get("/api/units/{s}/genealogy", p + "TOP-1").getBody();
    JsonNode module = child(top, p + "MOD-1");
    JsonNode cell = child(module, p + "CELL-1");
    assertThat(module.path("partNumber").asText()).isEqualTo("PUMP-100");
    assertThat(cell.path("partNumber").asText()).isEqualTo("CELL-20");
    List<String> inCell = new ArrayList<>();
    cell.path("components")
        .forEach(
            c ->
                inCell.add(
                    c.path("partNumber").asText()
                        + "="
                        + (c.hasNonNull("lot")
                            ? "lot " + c.path("lot").asText() + " " + c.path("supplier").asText()
                            : c.path("componentSerial").asText())));
    assertThat(inCell)
        .containsExactlyInAnyOrder(
            "WIDGET-7=lot " + p + "W1 " + p + "Acme Widgets", "SENSOR-4=" + p + "SNS-1");
  }

  @Test
  void eachLevelSaysItsRunShiftLineStationAndTime() {
    JsonNode top = get("/api/units/{s}/genealogy", p + "TOP-1").getBody();
    JsonNode cell = child(child(top, p + "MOD-1"), p + "CELL-1");
    assertThat(top.path("run").path("runId").asText()).isEqualTo(p + "R-TOP");
    assertThat(top.path("run").path("shift").asText()).isEqualTo("A");
    assertThat(top.path("line").asText()).isEqualTo(history.p.substring(0, p.length() - 1));
    assertThat(top.path("station").asText()).isEqualTo("MARK");
    assertThat(top.hasNonNull("serializedAt")).isTrue();
    assertThat(cell.path("runId").asText()).isEqualTo(p + "R-CELL");
    assertThat(cell.path("run").path("shift").asText()).isEqualTo("A");
    assertThat(cell.path("station").asText()).isEqualTo("CELL");
    JsonNode widget = cell.path("components").get(0);
    assertThat(widget.path("station").asText()).isEqualTo("CELL");
    assertThat(widget.hasNonNull("boundAt")).isTrue();
  }

  @Test
  void stationResultsWithProcessValuesAreOnEveryUnitOfTheTree() {
    JsonNode top = get("/api/units/{s}/genealogy", p + "TOP-2").getBody();
    List<String> steps = new ArrayList<>();
    top.path("stationEvents")
        .forEach(e -> steps.add(e.path("station").asText() + ":" + e.path("type").asText()));
    assertThat(steps).containsExactly("MARK:UnitSerialized", "TEST:StationResult");
    JsonNode test = top.path("stationEvents").get(1);
    assertThat(test.path("result").asText()).isEqualTo("NOK");
    assertThat(test.path("failureCode").asText()).isEqualTo("TORQUE_LOW");
    assertThat(test.path("processValues").path("torqueNm").asDouble()).isEqualTo(9.1);
    JsonNode cell = child(child(top, p + "MOD-2"), p + "CELL-2");
    JsonNode cellResult = cell.path("stationEvents").get(1);
    assertThat(cellResult.path("processValues").path("capacityMah").asInt()).isEqualTo(3050);
  }

  @Test
  void reworkInASubAssemblyShowsWhatWasRemovedWhyAndItsReplacement() {
    JsonNode module = child(get("/api/units/{s}/genealogy", p + "TOP-2").getBody(), p + "MOD-2");
    assertThat(module.path("removed")).hasSize(1);
    assertThat(module.path("removed").get(0).path("componentSerial").asText()).isEqualTo(p + "M-2");
    JsonNode rework = module.path("rework").get(0);
    assertThat(rework.path("reason").asText()).isEqualTo("noisy bearing");
    assertThat(rework.path("removed").path("componentSerial").asText()).isEqualTo(p + "M-2");
    assertThat(rework.path("replacement").path("componentSerial").asText()).isEqualTo(p + "M-2B");
    assertThat(rework.path("replacement").path("station").asText()).isEqualTo("REWORK");
    List<String> motors = new ArrayList<>();
    module
        .path("components")
        .forEach(
            c -> {
              if (c.path("partNumber").asText().equals("MOTOR-7")) {
                motors.add(c.path("componentSerial").asText());
              }
            });
    assertThat(motors).containsExactly(p + "M-2B");
  }

  @Test
  void aUnitWithoutReworkHasAnEmptyReworkHistory() {
    JsonNode top = get("/api/units/{s}/genealogy", p + "TOP-1").getBody();
    assertThat(top.path("rework").isArray()).isTrue();
    assertThat(top.path("rework")).isEmpty();
    assertThat(top.path("removed")).isEmpty();
  }

  private static JsonNode child(JsonNode node, String serial) {
    for (JsonNode c : node.path("components")) {
      if (serial.equals(c.path("componentSerial").asText())) {
        assertThat(c.path("unit").isObject()).as("subtree of " + serial).isTrue();
        return c.path("unit");
      }
    }
    throw new AssertionError(serial + " is not a component of " + node.path("serial").asText());
  }
}
