package org.unitrace.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.TestServers;

/**
 * Common factors when the returned units share a supplier of hundreds of thousands of units and a
 * lot of a few hundred: the lot ranks first, with its exact count, and the supplier is answered
 * with an honest lower bound (it is never walked unit by unit). The plant is written set-based in
 * SQL: 200,000 products on one line in 1,000-unit runs, each with a bolt from one supplier (lots of
 * 2,000), and one valve lot fitted into 400 consecutive products of one run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BroadSupplierIT extends CoreITSupport {

  private static final int PRODUCTS = 200_000;
  private static final int FAULTY_FROM = 120_101;
  private static final int FAULTY_UNITS = 400;

  private final String site = TestServers.unique("B");
  private final String supplier = site + " Megabolt";
  private final String lot = site + "-VALVE-LOT-7";

  @BeforeAll
  void aPlantWhereOneSupplierFitsEveryProduct() {
    jdbc.update(
        """
        INSERT INTO production_run (run_id, site, line, part_number, revision, shift, started_at)
        SELECT ? || '-R' || r, ?, 'L1', 'PUMP-9', 'A', 'A',
               TIMESTAMPTZ '2026-01-01 00:00:00+00' + (r * interval '1 hour')
          FROM generate_series(0, ? / 1000 - 1) r
        """,
        site,
        site,
        PRODUCTS);
    jdbc.update(
        """
        INSERT INTO unit (serial, part_number, revision, run_id, site, line, station, status,
                          serialized_at)
        SELECT ? || '-U' || lpad(i::text, 7, '0'), 'PUMP-9', 'A', ? || '-R' || (i / 1000), ?, 'L1',
               'MARK', 'COMPLETED', TIMESTAMPTZ '2026-01-01 00:00:00+00' + (i * interval '3 second')
          FROM generate_series(0, ? - 1) i
        """,
        site,
        site,
        site,
        PRODUCTS);
    jdbc.update(
        """
        INSERT INTO unit_component (unit_serial, part_number, lot, supplier, quantity, site, line,
                                    station, bound_at)
        SELECT ? || '-U' || lpad(i::text, 7, '0'), 'BOLT-9', ? || '-BOLT-' || (i / 2000), ?, 4, ?,
               'L1', 'ASSY', TIMESTAMPTZ '2026-01-01 00:00:00+00' + (i * interval '3 second')
          FROM generate_series(0, ? - 1) i
        """,
        site,
        site,
        supplier,
        site,
        PRODUCTS);
    jdbc.update(
        """
        INSERT INTO unit_component (unit_serial, part_number, lot, supplier, quantity, site, line,
                                    station, bound_at)
        SELECT ? || '-U' || lpad(i::text, 7, '0'), 'VALVE-2', ?, 'Valvico', 1, ?, 'L1', 'ASSY',
               TIMESTAMPTZ '2026-01-01 00:00:00+00' + (i * interval '3 second')
          FROM generate_series(?, ? - 1) i
        """,
        site,
        lot,
        site,
        FAULTY_FROM,
        FAULTY_FROM + FAULTY_UNITS);
    jdbc.execute("ANALYZE unit, unit_component, production_run");
  }

  @Test
  void theLotOfFourHundredRanksFirstAndTheSupplierOfEveryUnitIsBoundedNotWalked() {
    List<String> returned =
        List.of(serial(FAULTY_FROM + 5), serial(FAULTY_FROM + 170), serial(FAULTY_FROM + 390));
    ResponseEntity<JsonNode> answer =
        http.postForEntity(
            "/api/analysis/common-factors", Map.of("serials", returned), JsonNode.class);
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
    JsonNode factors = answer.getBody().path("factors");

    JsonNode first = factors.get(0);
    assertThat(first.path("kind").asText()).isEqualTo("SUPPLIER_LOT");
    assertThat(first.path("parameters").path("lot").asText()).isEqualTo(lot);
    assertThat(first.path("sharedBy").asInt()).isEqualTo(3);
    assertThat(first.path("unitCount").asInt()).isEqualTo(FAULTY_UNITS);
    assertThat(first.path("unitCountIsLowerBound").asBoolean()).isFalse();
    assertThat(first.path("otherUnitCount").asInt()).isEqualTo(FAULTY_UNITS - 3);
    assertThat(first.path("otherUnits")).hasSize(CommonFactors.OTHERS_LISTED);
    first.path("otherUnits").forEach(u -> assertThat(returned).doesNotContain(u.asText()));

    JsonNode run = factor(factors, "RUN", "runId", site + "-R120");
    assertThat(run.path("unitCount").asInt()).isEqualTo(1000);
    assertThat(run.path("unitCountIsLowerBound").asBoolean()).isFalse();
    assertThat(run.path("rank").asInt()).isGreaterThan(1);

    JsonNode broad = factor(factors, "SUPPLIER", "supplier", supplier);
    assertThat(broad.path("sharedBy").asInt()).isEqualTo(3);
    assertThat(broad.path("unitCountIsLowerBound").asBoolean()).isTrue();
    assertThat(broad.path("unitCount").asInt())
        .isGreaterThan(0)
        .isLessThanOrEqualTo(CommonFactors.BROAD_SAMPLE);
    assertThat(broad.path("otherUnits")).hasSize(CommonFactors.OTHERS_LISTED);
    assertThat(broad.path("rank").asInt()).isGreaterThan(run.path("rank").asInt());
    assertThat(factor(factors, "LINE", "line", "L1").path("unitCountIsLowerBound").asBoolean())
        .isTrue();
  }

  private String serial(int i) {
    return "%s-U%07d".formatted(site, i);
  }

  private static JsonNode factor(JsonNode factors, String kind, String parameter, String value) {
    List<String> seen = new ArrayList<>();
    for (JsonNode f : factors) {
      seen.add(f.path("kind").asText() + " " + f.path("description").asText());
      if (f.path("kind").asText().equals(kind)
          && f.path("parameters").path(parameter).asText().equals(value)) {
        return f;
      }
    }
    throw new AssertionError("no %s factor %s=%s among %s".formatted(kind, parameter, value, seen));
  }
}
