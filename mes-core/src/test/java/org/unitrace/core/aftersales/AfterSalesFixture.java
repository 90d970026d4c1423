package org.unitrace.core.aftersales;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unitrace.core.support.Rest.created;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventPayload;
import org.unitrace.core.support.Bodies;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.TestEvents;
import org.unitrace.core.support.TestServers;

/**
 * A plant for after-sales tests: a site with a warehouse (where line {@link #line} puts its
 * completed units), a bin, a return desk, and a customer; units made by posting the line's events.
 */
abstract class AfterSalesFixture extends CoreITSupport {

  protected String p;
  protected String line;
  protected String warehouse;
  protected String bin;
  protected String returnDesk;
  protected String customer;
  protected String product;
  protected TestEvents events;

  @BeforeEach
  void aPlantWithAWarehouseAndACustomer() {
    p = TestServers.unique("AS");
    line = p + "-L";
    product = "PUMP-" + p;
    events = new TestEvents(SITE, line, "edge-" + p);
    created(post("/api/locations", Map.of("code", p, "name", "Auckland", "kind", "SITE")));
    warehouse = p + "-WH";
    created(post("/api/locations", Map.of("code", warehouse, "kind", "WAREHOUSE", "parent", p)));
    created(post("/api/locations", Map.of("code", p + "-Z1", "kind", "ZONE", "parent", warehouse)));
    bin = p + "-BIN1";
    created(post("/api/locations", Map.of("code", bin, "kind", "BIN", "parent", p + "-Z1")));
    returnDesk = p + "-RET";
    created(post("/api/locations", Map.of("code", returnDesk, "kind", "WAREHOUSE", "parent", p)));
    completedUnitsGoTo(line, warehouse);
    customer = "C-" + p;
    created(
        post("/api/customers", Bodies.customer(customer, "Kiwi Pumps Ltd", Bodies.queenStreet())));
  }

  /** Makes a unit on the line: serialized, a PCB bound, completed (so it enters the warehouse). */
  protected String madeAndCompleted(String suffix) {
    String serial = p + "-" + suffix;
    List<Event> history = new ArrayList<>();
    history.add(events.serialized(serial, product, "RUN-" + p));
    history.add(events.boundSerial(serial, "PCB-12", serial + "-PCB1"));
    history.add(events.status(serial, EventPayload.UnitStatus.COMPLETED));
    postStored(history);
    return serial;
  }

  protected JsonNode unit(String serial) {
    return http.getForObject("/api/units/" + serial, JsonNode.class);
  }

  protected String locationOf(String serial) {
    return unit(serial).path("place").path("location").asText(null);
  }

  /** A valid SSCC (GS1 mod-10 check digit) from 17 digits. */
  protected static String sscc(String seventeen) {
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      int d = seventeen.charAt(16 - i) - '0';
      sum += d * (i % 2 == 0 ? 3 : 1);
    }
    return seventeen + (10 - sum % 10) % 10;
  }

  /**
   * Checks a refused import's answer: its status, and its first problem in the one problem body of
   * every import ({@code row}, {@code field}, {@code problem} containing {@code words}).
   */
  protected static void assertFirstProblem(
      ResponseEntity<JsonNode> rejected,
      HttpStatus status,
      int row,
      String field,
      String... words) {
    assertThat(rejected.getStatusCode()).isEqualTo(status);
    assertThat(rejected.getBody().path("title").asText()).isEqualTo("Import refused");
    JsonNode problem = rejected.getBody().path("errors").get(0);
    assertThat(problem.path("row").asInt()).isEqualTo(row);
    assertThat(problem.path("field").asText()).isEqualTo(field);
    assertThat(problem.path("problem").asText()).contains(words);
  }
}
