package org.unitrace.core.aftersales;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unitrace.core.support.Rest.created;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventPayload;

/**
 * A transfer and a shipment of 10,000 serials each from CSV, as an ERP export gives them. The
 * durations are logged for docs/benchmarks.md, never asserted.
 */
class AfterSalesBulkIT extends AfterSalesFixture {

  private static final Logger log = LoggerFactory.getLogger(AfterSalesBulkIT.class);
  private static final int UNITS = 10_000;

  @Test
  void tenThousandSerialsAreTransferredAndShippedFromCsv() {
    List<String> serials = new ArrayList<>();
    List<Event> batch = new ArrayList<>();
    for (int i = 0; i < UNITS; i++) {
      String serial = "%s-K%05d".formatted(p, i);
      serials.add(serial);
      batch.add(events.serialized(serial, product, "RUN-" + p));
      batch.add(events.status(serial, EventPayload.UnitStatus.COMPLETED));
      if (batch.size() == 5000) {
        postStored(batch);
        batch = new ArrayList<>();
      }
    }
    StringBuilder transfer = new StringBuilder("serial,from,to\n");
    serials.forEach(
        s -> transfer.append(s).append(',').append(warehouse).append(',').append(bin).append('\n'));
    StringBuilder shipment =
        new StringBuilder("shipment,shipToCustomer,carrier,package,packageKind,sscc,serial\n");
    for (int i = 0; i < UNITS; i++) {
      int pallet = i / 500;
      shipment
          .append("SH-")
          .append(p)
          .append(',')
          .append(customer)
          .append(",NZ Post,PAL-")
          .append(pallet)
          .append(",PALLET,")
          .append(sscc("0376123450%07d".formatted(pallet)))
          .append(',')
          .append(serials.get(i))
          .append('\n');
    }

    long t0 = System.nanoTime();
    JsonNode moved = created(postCsv("/api/transfers", transfer.toString()));
    long t1 = System.nanoTime();
    JsonNode shipped = created(postCsv("/api/shipments", shipment.toString()));
    long t2 = System.nanoTime();

    log.info(
        "after-sales bulk: CSV transfer of {} serials took {} ms, CSV shipment of {} serials"
            + " (20 pallets) took {} ms (HTTP round trip included)",
        UNITS,
        (t1 - t0) / 1_000_000,
        UNITS,
        (t2 - t1) / 1_000_000);
    assertThat(moved.get(0).path("units").asInt()).isEqualTo(UNITS);
    assertThat(shipped.get(0).path("unitCount").asInt()).isEqualTo(UNITS);
    Map<String, Set<String>> ssccsByPallet = new TreeMap<>();
    shipped
        .get(0)
        .path("units")
        .forEach(
            u ->
                ssccsByPallet
                    .computeIfAbsent(u.path("packageRef").asText(), k -> new TreeSet<>())
                    .add(u.path("packageKind").asText() + " " + u.path("sscc").asText()));
    assertThat(ssccsByPallet).hasSize(UNITS / 500);
    assertThat(ssccsByPallet.get("PAL-7"))
        .containsExactly("PALLET " + sscc("0376123450%07d".formatted(7)));
    assertThat(unit(serials.get(UNITS - 1)).path("place").path("shipmentId").asLong())
        .isEqualTo(shipped.get(0).path("id").asLong());
    assertThat(
            http.getForObject("/api/locations/" + bin + "/units", JsonNode.class)
                .path("units")
                .asLong())
        .isZero();
  }
}
