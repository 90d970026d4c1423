package org.unitrace.core.aftersales;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unitrace.core.support.Rest.created;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventPayload;

/**
 * CSV imports are all or nothing: a bad row is named with its row and field and nothing of the file
 * is applied; a good file is applied whole, and exports in the format the import takes.
 */
class AfterSalesCsvIT extends AfterSalesFixture {

  @Test
  void aTransferFileWithOneUnitNotAtItsSourceIsRejectedNamingRowAndFieldAndMovesNothing() {
    String a = madeAndCompleted("A");
    String b = madeAndCompleted("B");
    String c = madeAndCompleted("C");
    String csv =
        "serial,from,to\r\n%s,%s,%s\r\n%s,%s,%s\r\n%s,%s,%s\r\n"
            .formatted(a, warehouse, bin, b, warehouse, bin, c, returnDesk, bin);

    ResponseEntity<JsonNode> rejected = postCsv("/api/transfers", csv);

    assertFirstProblem(rejected, HttpStatus.CONFLICT, 4, "serial", c, "not at source location");
    assertThat(rejected.getBody().path("detail").asText())
        .startsWith("nothing applied")
        .contains("row 4, field 'serial'");
    assertThat(List.of(locationOf(a), locationOf(b), locationOf(c))).containsOnly(warehouse);
  }

  @Test
  void aGoodTransferFileMovesEveryUnitAndExportsAsItCameIn() {
    List<Event> made = new ArrayList<>();
    List<String> serials = new ArrayList<>();
    StringBuilder csv = new StringBuilder("serial,from,to\n");
    for (int i = 0; i < 500; i++) {
      String serial = "%s-B%04d".formatted(p, i);
      serials.add(serial);
      made.add(events.serialized(serial, product, "RUN-" + p));
      made.add(events.status(serial, EventPayload.UnitStatus.COMPLETED));
      csv.append(serial).append(',').append(warehouse).append(',').append(bin).append('\n');
    }
    postStored(made);

    JsonNode transfers = created(postCsv("/api/transfers?note=put-away", csv.toString()));

    assertThat(transfers.get(0).path("units").asInt()).isEqualTo(500);
    JsonNode inBin = http.getForObject("/api/locations/" + bin + "/units", JsonNode.class);
    assertThat(inBin.path("perProduct").get(0).path("units").asLong()).isEqualTo(500);
    String exported =
        http.getForObject(
            "/api/transfers/" + transfers.get(0).path("id").asLong() + "/csv", String.class);
    assertThat(exported.lines().toList()).first().isEqualTo("serial,from,to");
    assertThat(exported.lines().count()).isEqualTo(501);
    assertThat(exported).contains(serials.get(0) + "," + warehouse + "," + bin);
  }

  @Test
  void aSalesFileWithABadDateIsRejectedNamingRowAndFieldAndRecordsNoSale() {
    String a = madeAndCompleted("SA");
    String b = madeAndCompleted("SB");
    String csv =
        """
        orderNumber,orderLine,customer,soldOn,serial
        SO-%1$s,10,%2$s,2026-11-28,%3$s
        SO-%1$s,20,%2$s,yesterday,%4$s
        """
            .formatted(p, customer, a, b);

    ResponseEntity<JsonNode> rejected = postCsv("/api/sales", csv);

    assertFirstProblem(rejected, HttpStatus.BAD_REQUEST, 3, "soldOn", "'yesterday' is not a date");
    assertThat(http.getForObject("/api/sales?order=SO-" + p, JsonNode.class)).isEmpty();

    created(postCsv("/api/sales", csv.replace("yesterday", "2026-11-27")));
    assertThat(http.getForObject("/api/customers/" + customer + "/units", JsonNode.class))
        .hasSize(2);
    assertThat(http.getForObject("/api/sales/csv?order=SO-" + p, String.class))
        .contains("SO-%s,20,%s,2026-11-27,%s".formatted(p, customer, b));
  }

  @Test
  void aShipmentFileWithABadSsccIsRejectedNamingRowAndFieldAndShipsNothing() {
    String a = madeAndCompleted("PA");
    String b = madeAndCompleted("PB");
    String good = sscc("03761234500000002");
    String header =
        "shipment,shipToCustomer,shipToLocation,carrier,trackingRef,shippedAt,package,packageKind,sscc,serial\n";
    String csv =
        header
            + "SH-%1$s,%2$s,,NZ Post,TRK1,,PAL-1,PALLET,%3$s,%4$s\n".formatted(p, customer, good, a)
            + "SH-%1$s,%2$s,,NZ Post,TRK1,,PAL-2,PALLET,037612345000000029,%3$s\n"
                .formatted(p, customer, b);

    ResponseEntity<JsonNode> rejected = postCsv("/api/shipments", csv);

    assertFirstProblem(rejected, HttpStatus.BAD_REQUEST, 3, "sscc", "check digit");
    assertThat(locationOf(a)).isEqualTo(warehouse);

    JsonNode shipped =
        created(
            postCsv(
                "/api/shipments", csv.replace("037612345000000029", sscc("03761234500000003"))));
    assertThat(shipped.get(0).path("unitCount").asInt()).isEqualTo(2);
    assertThat(unit(b).path("place").path("shipmentId").asLong())
        .isEqualTo(shipped.get(0).path("id").asLong());
    String exported =
        http.getForObject(
            "/api/shipments/" + shipped.get(0).path("id").asLong() + "/csv", String.class);
    assertThat(exported).contains("PAL-1,PALLET," + good + "," + a);
  }
}
