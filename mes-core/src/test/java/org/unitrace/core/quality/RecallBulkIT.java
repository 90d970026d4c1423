package org.unitrace.core.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unitrace.core.support.Rest.created;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventPayload;
import org.unitrace.core.support.Bodies;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.TestEvents;
import org.unitrace.core.support.TestServers;

/**
 * A recall of a few thousand units from one seal lot, half on the line and half in stock, with
 * holds: every unit is held once, recorded once on the campaign and in its own audit trail, and its
 * line's agents are told. The duration is logged for docs/benchmarks.md, never asserted.
 */
class RecallBulkIT extends CoreITSupport {

  private static final Logger log = LoggerFactory.getLogger(RecallBulkIT.class);
  private static final int UNITS = 3_000;

  @Test
  void aRecallOfThousandsOfUnitsHoldsAndRecordsEachOnce() throws Exception {
    String p = TestServers.unique("RB");
    String line = p + "-L";
    String lot = p + "-LOT";
    TestEvents events = new TestEvents(SITE, line, "edge-" + p);
    created(post("/api/locations", Map.of("code", p, "kind", "SITE")));
    created(post("/api/locations", Map.of("code", p + "-WH", "kind", "WAREHOUSE", "parent", p)));
    completedUnitsGoTo(line, p + "-WH");
    Set<String> serials = new TreeSet<>();
    List<Event> batch = new ArrayList<>();
    for (int i = 0; i < UNITS; i++) {
      String serial = "%s-U%05d".formatted(p, i);
      serials.add(serial);
      batch.add(events.serialized(serial, "CTRL-" + p, "RUN-" + p));
      batch.add(events.boundLot(serial, "SEAL-3", lot, "Acme"));
      if (i % 2 == 0) {
        batch.add(events.status(serial, EventPayload.UnitStatus.COMPLETED));
      }
      if (batch.size() >= 4000) {
        postStored(batch);
        batch = new ArrayList<>();
      }
    }
    postStored(batch);

    JsonNode campaign;
    long took;
    try (HoldTopics hold = new HoldTopics(SITE, line)) {
      long t0 = System.nanoTime();
      campaign = created(post("/api/recalls", Bodies.sealLotRecall(lot, "seal porosity")));
      took = (System.nanoTime() - t0) / 1_000_000;
      hold.expect(serials);
    }
    log.info(
        "recall bulk: a recall of {} units with holds took {} ms (HTTP included)", UNITS, took);
    long id = campaign.path("recall").path("id").asLong();
    assertThat(campaign.path("unitCount").asInt()).isEqualTo(UNITS);
    assertThat(campaign.path("onHold").asInt()).isEqualTo(UNITS);
    assertThat(campaign.path("byState").toString())
        .isEqualTo(
            "{\"WIP\":%d,\"STOCK\":%d,\"SHIPPED\":0,\"SOLD\":0,\"SCRAPPED\":0}"
                .formatted(UNITS / 2, UNITS / 2));

    String[] all = serials.toArray(String[]::new);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM unit WHERE serial = ANY (?) AND status = 'HELD'",
                Long.class,
                (Object) all))
        .isEqualTo(UNITS);
    assertThat(
            jdbc.queryForList(
                """
                SELECT r.unit_serial FROM recall_unit r
                  JOIN unit_hold h ON h.id = r.hold_id AND h.unit_serial = r.unit_serial
                 WHERE r.recall_id = ? AND h.recall_id = r.recall_id AND h.released_at IS NULL
                   AND h.reason = 'recall #' || r.recall_id || ': seal porosity'
                   AND h.previous_status IN ('IN_PROCESS', 'COMPLETED')
                 ORDER BY 1
                """,
                String.class,
                id))
        .containsExactlyElementsOf(serials);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM unit_hold WHERE unit_serial = ANY (?)",
                Long.class,
                (Object) all))
        .isEqualTo(UNITS);
    assertThat(
            jdbc.queryForList(
                """
                SELECT a.entity_id FROM audit_record a JOIN unit_hold h ON h.unit_serial = a.entity_id
                 WHERE a.action = 'unit.hold' AND a.entity_type = 'unit' AND a.entity_id = ANY (?)
                   AND (a.after ->> 'id')::bigint = h.id AND (a.after ->> 'recallId')::bigint = ?
                   AND a.actor = ? AND a.reason = 'recall #' || ? || ': seal porosity'
                 ORDER BY 1
                """,
                String.class,
                all,
                id,
                OPERATOR,
                id))
        .containsExactlyElementsOf(serials);
    JsonNode unitAudit =
        http.getForObject("/api/audit?entityType=unit&entityId=" + all[7], JsonNode.class);
    assertThat(unitAudit).extracting(r -> r.path("action").asText()).containsExactly("unit.hold");
    assertThat(unitAudit.get(0).path("after").path("unitSerial").asText()).isEqualTo(all[7]);
  }
}
