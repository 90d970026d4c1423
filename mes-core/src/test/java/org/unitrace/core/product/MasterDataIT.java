package org.unitrace.core.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unitrace.core.support.Bodies.bomLine;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventPayload;
import org.unitrace.core.support.Bodies;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.TestEvents;
import org.unitrace.core.support.TestServers;

/**
 * Master data through the API and by import, against the real PostgreSQL: products, revisions and
 * BOMs (API, CSV, YAML; all or nothing with errors that say where), supplier lots from an ERP
 * export, runs planned through the API and run by the line, and the replacement parts of a unit.
 */
class MasterDataIT extends CoreITSupport {

  private String p;

  @BeforeEach
  void prefix() {
    p = TestServers.unique("M");
  }

  @Test
  void aRevisionAndItsBomArePutThroughTheApiAndAnEdgeAgentFetchesIt() {
    assertThat(
            http.postForEntity(
                    "/api/products",
                    Map.of("partNumber", p + "-CTRL", "name", "Controller"),
                    JsonNode.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.CREATED);
    ResponseEntity<JsonNode> put =
        put(
            "/api/products/" + p + "-CTRL/revisions/B",
            Map.of(
                "description",
                "second release",
                "bom",
                List.of(
                    bomLine(
                        "P1",
                        "PCB-12",
                        "serial",
                        "station",
                        "ASSY",
                        "alternates",
                        List.of(
                            Map.of(
                                "partNumber", "PCB-12", "supplier", "Acme", "note", "approved"))),
                    bomLine("P2", "GREASE-1", "LOT", "quantity", 0.5, "required", false))));
    assertThat(put.getStatusCode()).as(String.valueOf(put.getBody())).isEqualTo(HttpStatus.OK);

    String token =
        http.postForEntity(
                "/api/admin/tokens",
                Map.of("name", "edge-" + p, "roles", List.of("edge"), "site", SITE, "line", p),
                JsonNode.class)
            .getBody()
            .path("token")
            .asText();
    ResponseEntity<JsonNode> bom =
        bearer(token).getForEntity("/api/products/" + p + "-CTRL/revisions/B/bom", JsonNode.class);
    assertThat(bom.getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode items = bom.getBody().path("items");
    assertThat(items).hasSize(2);
    assertThat(items.get(0).path("tracking").asText()).isEqualTo("SERIAL");
    assertThat(items.get(0).path("quantity").decimalValue()).isEqualByComparingTo(BigDecimal.ONE);
    assertThat(items.get(0).path("alternates").get(0).path("supplier").asText()).isEqualTo("Acme");
    assertThat(items.get(1).path("required").asBoolean()).isFalse();
    assertThat(bearer(token).getForEntity("/api/products", String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);

    JsonNode product = http.getForObject("/api/products/" + p + "-CTRL", JsonNode.class);
    assertThat(product.path("name").asText()).isEqualTo("Controller");
    assertThat(product.path("revisions").get(0).path("bomItems").asInt()).isEqualTo(2);
    JsonNode audit =
        http.getForObject(
            "/api/audit?entityType=product_revision&entityId=" + p + "-CTRL/B", JsonNode.class);
    assertThat(audit.get(0).path("action").asText()).isEqualTo("product.bom.replace");
  }

  @Test
  void aBomThatBreaksTheRulesIsRefusedWithEveryErrorAndItsPlace() {
    ResponseEntity<JsonNode> refused =
        put(
            "/api/products/" + p + "-X/revisions/A",
            Map.of(
                "bom",
                List.of(
                    Map.of("position", "P1", "componentPartNumber", "A-1", "tracking", "SER"),
                    Map.of(
                        "position",
                        "P1",
                        "componentPartNumber",
                        "B-1",
                        "tracking",
                        "SERIAL",
                        "quantity",
                        1.5),
                    Map.of(
                        "position", "P3",
                        "componentPartNumber", "C-1",
                        "tracking", "LOT",
                        "alternates", List.of(Map.of("partNumber", "C-1"))))));
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(errors(refused))
        .containsExactlyInAnyOrder(
            "/bom[0].tracking",
            "/bom[1].position",
            "/bom[1].quantity",
            "/bom[2].alternates[0].supplier");
    assertThat(http.getForEntity("/api/products/" + p + "-X", String.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void aBomCsvFileIsImportedWholeAndAWrongOneChangesNothing() {
    String good =
        """
        part_number,product_name,revision,position,component_part_number,tracking,station,quantity,required,alternates
        %1$s-PUMP,Pump,A,M1,MOTOR-7,SERIAL,ASSY,1,true,MOTOR-7B|MOTOR-7@Acme Motors
        %1$s-PUMP,Pump,A,S1,SEAL-3,LOT,ASSY,2,,
        "%1$s-PUMP",Pump,B,M1,MOTOR-8,SERIAL,ASSY,1,yes,
        """
            .formatted(p);
    ResponseEntity<JsonNode> imported = upload("/api/products/import", "text/csv", good);
    assertThat(imported.getStatusCode())
        .as(String.valueOf(imported.getBody()))
        .isEqualTo(HttpStatus.OK);
    assertThat(imported.getBody().path("revisions").asInt()).isEqualTo(2);
    assertThat(imported.getBody().path("alternates").asInt()).isEqualTo(2);
    JsonNode bom =
        http.getForObject("/api/products/" + p + "-PUMP/revisions/A/bom", JsonNode.class);
    assertThat(bom.path("items").get(0).path("alternates").get(1).path("supplier").asText())
        .isEqualTo("Acme Motors");
    assertThat(bom.path("items").get(1).path("quantity").asInt()).isEqualTo(2);

    String bad =
        """
        part_number,revision,position,component_part_number,tracking,quantity
        %1$s-PUMP,A,M1,MOTOR-9,SERIAL,1
        %1$s-PUMP,A,M2,,SER,two
        %1$s-NEW,A,N1,NUT-1,LOT,1
        """
            .formatted(p);
    ResponseEntity<JsonNode> refused = upload("/api/products/import", "text/csv", bad);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(errors(refused))
        .containsExactlyInAnyOrder("3/quantity", "3/component_part_number", "3/tracking");
    assertThat(refused.getBody().path("detail").asText()).startsWith("nothing applied");
    JsonNode unchanged =
        http.getForObject("/api/products/" + p + "-PUMP/revisions/A/bom", JsonNode.class);
    assertThat(unchanged.path("items").get(0).path("componentPartNumber").asText())
        .isEqualTo("MOTOR-7");
    assertThat(http.getForEntity("/api/products/" + p + "-NEW", String.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void aBomYamlFileIsImportedAsAnUploadAndAWrongOneNamesItsLines() {
    String good =
        """
        products:
          - partNumber: %1$s-CTRL
            name: Controller
            revisions:
              - revision: A
                description: first release
                bom:
                  - position: P1
                    componentPartNumber: PCB-12
                    tracking: SERIAL
                    station: ASSY
                    alternates:
                      - partNumber: PCB-12B
                        note: same footprint
                  - position: P2
                    componentPartNumber: SCREW-M4
                    tracking: LOT
                    quantity: 4
        """
            .formatted(p);
    LinkedMultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
    form.add("file", file("bom.yaml", good));
    ResponseEntity<JsonNode> imported =
        http.postForEntity("/api/products/import", form, JsonNode.class);
    assertThat(imported.getStatusCode())
        .as(String.valueOf(imported.getBody()))
        .isEqualTo(HttpStatus.OK);
    JsonNode bom =
        http.getForObject("/api/products/" + p + "-CTRL/revisions/A/bom", JsonNode.class);
    assertThat(bom.path("description").asText()).isEqualTo("first release");
    assertThat(bom.path("items").get(0).path("alternates").get(0).path("note").asText())
        .isEqualTo("same footprint");
    assertThat(bom.path("items").get(1).path("quantity").asInt()).isEqualTo(4);

    String bad =
        """
        products:
          - partNumber: %1$s-CTRL
            revisions:
              - revision: A
                bom:
                  - position: P1
                    componentPartNumber: PCB-13
                    tracking: SERIAL
                    quantitiy: 1
                  - position: P2
                    tracking: BATCH
        """
            .formatted(p);
    ResponseEntity<JsonNode> refused = upload("/api/products/import", "application/yaml", bad);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(errors(refused))
        .containsExactlyInAnyOrder("9/quantitiy", "10/componentPartNumber", "10/tracking");
    assertThat(
            http.getForObject("/api/products/" + p + "-CTRL/revisions/A/bom", JsonNode.class)
                .path("items")
                .get(0)
                .path("componentPartNumber")
                .asText())
        .isEqualTo("PCB-12");

    ResponseEntity<JsonNode> broken =
        upload("/api/products/import", "application/yaml", "products:\n  - partNumber: [x\n");
    assertThat(broken.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(broken.getBody().path("errors").get(0).path("row").asInt()).isPositive();
  }

  @Test
  void lotsComeFromAnErpExportAndALotFirstSeenOnTheLineIsNotReceivedUntilThen() {
    TestEvents e = new TestEvents(SITE, p, "edge-" + p);
    post(
        e.serialized(p + "-U1", "CTRL-900", "RUN-" + p),
        e.boundLot(p + "-U1", "SEAL-3", p + "-L1", null));
    JsonNode seen = http.getForObject("/api/lots/SEAL-3/" + p + "-L1", JsonNode.class);
    assertThat(seen.path("received").asBoolean()).isFalse();
    assertThat(seen.path("firstSeenAt").isTextual()).isTrue();
    assertThat(lots("partNumber=SEAL-3&received=false")).contains(p + "-L1");

    String export =
        """
        Part_Number;Supplier;Lot;Received_Date;Quantity;Certificate;Plant
        SEAL-3;Acme Seals;%1$s-L1;2026-11-20;5000;CoC-778;AKL
        SEAL-3;"Acme Seals";%1$s-L2;2026-11-21T09:30:00+13:00;2500;;AKL
        """
            .formatted(p);
    ResponseEntity<JsonNode> imported = upload("/api/lots/import", "text/csv", export);
    assertThat(imported.getStatusCode())
        .as(String.valueOf(imported.getBody()))
        .isEqualTo(HttpStatus.OK);
    assertThat(imported.getBody().path("created").asInt()).isEqualTo(1);
    assertThat(imported.getBody().path("updated").asInt()).isEqualTo(1);
    JsonNode received = http.getForObject("/api/lots/SEAL-3/" + p + "-L1", JsonNode.class);
    assertThat(received.path("received").asBoolean()).isTrue();
    assertThat(received.path("supplier").asText()).isEqualTo("Acme Seals");
    assertThat(received.path("certificate").asText()).isEqualTo("CoC-778");
    assertThat(received.path("quantity").asInt()).isEqualTo(5000);
    assertThat(lots("supplier=Acme Seals")).contains(p + "-L1", p + "-L2");

    String bad =
        """
        part_number,supplier,lot,received_date,quantity
        SEAL-3,Acme Seals,%1$s-L3,2026-11-22,10
        SEAL-3,,%1$s-L4,22/11/2026,-1
        """
            .formatted(p);
    ResponseEntity<JsonNode> refused = upload("/api/lots/import", "text/csv", bad);
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(errors(refused))
        .containsExactlyInAnyOrder("3/supplier", "3/received_date", "3/quantity");
    assertThat(http.getForEntity("/api/lots/SEAL-3/" + p + "-L3", String.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);

    ResponseEntity<JsonNode> one =
        http.postForEntity(
            "/api/lots",
            Map.of("partNumber", "GREASE-1", "supplier", "Oily", "lot", p + "-G1", "quantity", 20),
            JsonNode.class);
    assertThat(one.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(one.getBody().path("received").asBoolean()).isTrue();
    assertThat(one.getBody().path("registeredBy").asText()).isEqualTo(OPERATOR);
  }

  @Test
  void aRunPlannedThroughTheApiIsTheRunTheLineStartsAndEnds() {
    put("/api/products/" + p + "-CTRL/revisions/A", Map.of("bom", List.of()));
    String run = "RUN-" + p;
    Map<String, Object> plan =
        runPlan(run, 250, "shift", "night", "plannedStart", "2026-11-28T07:00:00Z");
    ResponseEntity<JsonNode> created = http.postForEntity("/api/runs", plan, JsonNode.class);
    assertThat(created.getStatusCode())
        .as(String.valueOf(created.getBody()))
        .isEqualTo(HttpStatus.CREATED);
    assertThat(created.getBody().path("startedAt").isMissingNode()).isTrue();

    TestEvents e = new TestEvents(SITE, p, "edge-" + p);
    post(
        e.at("MARK", new EventPayload.RunStarted(run, p + "-CTRL", "A", null, null)),
        e.serialized(p + "-U1", p + "-CTRL", run),
        e.at("MARK", new EventPayload.RunEnded(run, 1, "order done")));

    JsonNode view = http.getForObject("/api/runs/" + run, JsonNode.class);
    assertThat(view.path("site").asText()).isEqualTo(SITE);
    assertThat(view.path("plannedQuantity").asInt()).isEqualTo(250);
    assertThat(view.path("shift").asText()).isEqualTo("night");
    assertThat(view.path("startedAt").asText()).startsWith("2026-11-28T08:00");
    assertThat(view.path("endedAt").asText()).startsWith("2026-11-28T08:00");
    assertThat(view.path("producedQuantity").asInt()).isEqualTo(1);
    assertThat(view.path("unitCount").asInt()).isEqualTo(1);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM production_run WHERE run_id = ?", Integer.class, run))
        .isEqualTo(1);

    assertThat(
            http.postForEntity("/api/runs/" + run + "/end", Map.of(), JsonNode.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.CONFLICT);
    ResponseEntity<JsonNode> contradicting =
        http.postForEntity(
            "/api/runs",
            Map.of("runId", run, "line", "OTHER", "partNumber", p + "-CTRL", "revision", "A"),
            JsonNode.class);
    assertThat(contradicting.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(contradicting.getBody().path("detail").asText()).contains("line '" + p + "'");
    assertThat(
            http.postForEntity(
                    "/api/runs",
                    Map.of("runId", run + "-2", "line", p, "partNumber", "NOPE", "revision", "A"),
                    JsonNode.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.BAD_REQUEST);
  }

  @Test
  void aRunStartedByTheLineFirstIsCompletedByThePlanAndEndedThroughTheApi() {
    put("/api/products/" + p + "-CTRL/revisions/A", Map.of("bom", List.of()));
    String run = "RUN-" + p;
    TestEvents e = new TestEvents(SITE, p, "edge-" + p);
    post(e.at("MARK", new EventPayload.RunStarted(run, p + "-CTRL", "A", null, "day")));
    ResponseEntity<JsonNode> plan =
        http.postForEntity("/api/runs", runPlan(run, 40), JsonNode.class);
    assertThat(plan.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(plan.getBody().path("plannedQuantity").asInt()).isEqualTo(40);
    assertThat(plan.getBody().path("shift").asText()).isEqualTo("day");
    ResponseEntity<JsonNode> ended =
        http.postForEntity(
            "/api/runs/" + run + "/end",
            Map.of("producedQuantity", 38, "reason", "material short"),
            JsonNode.class);
    assertThat(ended.getStatusCode()).as(String.valueOf(ended.getBody())).isEqualTo(HttpStatus.OK);
    assertThat(ended.getBody().path("endedAt").isTextual()).isTrue();
    assertThat(http.getForObject("/api/runs?line=" + p + "&open=false", JsonNode.class)).hasSize(1);
  }

  @Test
  void replacementPartsShowWhatAUnitWasBuiltWithAndWhatReplacesItToday() {
    put(
        "/api/products/" + p + "-CTRL/revisions/A",
        Bodies.bom(
            bomLine(
                "P1",
                "PCB-12",
                "SERIAL",
                "alternates",
                List.of(
                    Map.of("partNumber", "PCB-12B", "note", "same footprint"),
                    Map.of("partNumber", "PCB-12", "supplier", "Acme"))),
            bomLine("P2", p + "-PUMP", "SERIAL"),
            bomLine("P3", "SEAL-3", "LOT")));
    TestEvents e = new TestEvents(SITE, p, "edge-" + p);
    post(
        e.at("MARK", new EventPayload.UnitSerialized(p + "-SUB", p + "-PUMP", "C", "RUN-" + p)),
        e.serialized(p + "-TOP", p + "-CTRL", "RUN-" + p),
        e.boundSerial(p + "-TOP", "PCB-12B", p + "-PCB1"),
        e.boundSerial(p + "-TOP", p + "-PUMP", p + "-SUB"),
        e.boundLot(p + "-TOP", "SEAL-3", p + "-LOT", "Acme Seals"));

    JsonNode parts =
        http.getForObject("/api/units/" + p + "-TOP/replacement-parts", JsonNode.class);
    assertThat(parts.path("bomKnown").asBoolean()).isTrue();
    JsonNode p1 = parts.path("positions").get(0);
    assertThat(p1.path("position").asText()).isEqualTo("P1");
    assertThat(p1.path("builtWith").get(0).path("partNumber").asText()).isEqualTo("PCB-12B");
    assertThat(p1.path("builtWith").get(0).path("componentSerial").asText()).isEqualTo(p + "-PCB1");
    List<String> replacements = new ArrayList<>();
    p1.path("replacements")
        .forEach(
            r ->
                replacements.add(
                    r.path("partNumber").asText() + "@" + r.path("supplier").asText("")));
    assertThat(replacements).containsExactly("PCB-12@", "PCB-12B@", "PCB-12@Acme");
    JsonNode p2 = parts.path("positions").get(1);
    assertThat(p2.path("builtWith").get(0).path("revision").asText()).isEqualTo("C");
    JsonNode p3 = parts.path("positions").get(2);
    assertThat(p3.path("builtWith").get(0).path("lot").asText()).isEqualTo(p + "-LOT");
    assertThat(p3.path("builtWith").get(0).path("supplier").asText()).isEqualTo("Acme Seals");
    assertThat(
            http.getForEntity("/api/units/NOPE-" + p + "/replacement-parts", String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void aViewerMayReadMasterDataButNotWriteIt() {
    TestRestTemplate viewer = newUser("v-" + p, "correct horse battery", "viewer");
    for (String path :
        List.of(
            "/api/products",
            "/api/runs",
            "/api/runs/R/end",
            "/api/lots",
            "/api/exceptions/1/resolve")) {
      assertThat(viewer.postForEntity(path, Map.of(), String.class).getStatusCode())
          .as("viewer POST " + path)
          .isEqualTo(HttpStatus.FORBIDDEN);
    }
    assertThat(
            viewer
                .exchange(
                    "/api/products/X/revisions/A",
                    HttpMethod.PUT,
                    new HttpEntity<>(Map.of()),
                    String.class)
                .getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
    for (String path : List.of("/api/products", "/api/lots", "/api/exceptions", "/api/runs")) {
      assertThat(viewer.getForEntity(path, String.class).getStatusCode())
          .as("viewer GET " + path)
          .isEqualTo(HttpStatus.OK);
    }
  }

  @Test
  void theOpenApiDocumentDescribesTheImportFormats() {
    String doc = anonymous.getForObject("/v3/api-docs", String.class);
    assertThat(doc)
        .contains(
            "/api/products/import",
            "/api/lots/import",
            "component_part_number",
            "componentPartNumber",
            "received_date",
            "row 3");
  }

  /** A plan of {@code run} on this test's line for its controller revision A, and {@code more}. */
  private Map<String, Object> runPlan(String run, int plannedQuantity, Object... more) {
    Map<String, Object> plan = new LinkedHashMap<>();
    plan.putAll(
        Map.of(
            "runId", run,
            "line", p,
            "partNumber", p + "-CTRL",
            "revision", "A",
            "plannedQuantity", plannedQuantity));
    for (int i = 0; i + 1 < more.length; i += 2) {
      plan.put((String) more[i], more[i + 1]);
    }
    return plan;
  }

  private List<String> lots(String query) {
    List<String> lots = new ArrayList<>();
    http.getForObject("/api/lots?" + query, JsonNode.class)
        .forEach(l -> lots.add(l.path("lot").asText()));
    return lots;
  }

  /** The errors of a refused request as {@code row/field} (no row: a JSON body's path). */
  private static List<String> errors(ResponseEntity<JsonNode> refused) {
    List<String> errors = new ArrayList<>();
    refused
        .getBody()
        .path("errors")
        .forEach(e -> errors.add(e.path("row").asText("") + "/" + e.path("field").asText()));
    return errors;
  }

  private ResponseEntity<JsonNode> upload(String path, String type, String content) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.parseMediaType(type));
    return http.postForEntity(
        path, new HttpEntity<>(content.getBytes(StandardCharsets.UTF_8), headers), JsonNode.class);
  }

  private static ByteArrayResource file(String name, String content) {
    return new ByteArrayResource(content.getBytes(StandardCharsets.UTF_8)) {
      @Override
      public String getFilename() {
        return name;
      }
    };
  }

  private void post(Event... batch) {
    postStored(List.of(batch));
  }
}
