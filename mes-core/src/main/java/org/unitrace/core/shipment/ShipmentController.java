package org.unitrace.core.shipment;

import io.swagger.v3.oas.annotations.Operation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.unitrace.core.imports.Csv;

/** Shipping units (JSON or CSV), receiving shipments, and exporting them. */
@RestController
@RequiredArgsConstructor
class ShipmentController {

  static final List<String> CSV_COLUMNS =
      List.of(
          "shipment",
          "shipToCustomer",
          "shipToLocation",
          "carrier",
          "trackingRef",
          "shippedAt",
          "package",
          "packageKind",
          "sscc",
          "serial");

  private final Shipments shipments;
  private final ShipmentReceipts receipts;
  private final ShipmentFileImport csvImport;

  /** A package or pallet ({@code kind}), its SSCC where it has one, and the serials in it. */
  record PackageRequest(String reference, String kind, String sscc, List<String> serials) {}

  /** {@code shippedAt} ISO-8601 with offset, now when left out; loose units in {@code serials}. */
  record ShipmentRequest(
      String reference,
      String shipToCustomer,
      String shipToLocation,
      String carrier,
      String trackingRef,
      String shippedAt,
      List<PackageRequest> packages,
      List<String> serials) {}

  /** For a shipment to one of our sites: where the units go (default: the ship-to location). */
  record Receipt(String location) {}

  @Operation(
      summary = "Ship units to a customer or to one of our locations",
      description =
          "All or nothing: a held, scrapped, stolen, unknown or already-shipped unit refuses the"
              + " whole shipment (409), each named with its reason as packages[i].serials[j] or"
              + " serials[j]. An SSCC is checked (18 digits, GS1 check digit).")
  @PostMapping(value = "/api/shipments", consumes = MediaType.APPLICATION_JSON_VALUE)
  @ResponseStatus(HttpStatus.CREATED)
  ShipmentViews.Shipment ship(@RequestBody ShipmentRequest body, Authentication caller) {
    List<PlannedShipment.Item> items = new ArrayList<>();
    List<PackageRequest> packages = body.packages() == null ? List.of() : body.packages();
    for (int p = 0; p < packages.size(); p++) {
      PackageRequest pk = packages.get(p);
      String ref = blank(pk.reference()) == null ? "package-" + (p + 1) : pk.reference().strip();
      List<String> serials = pk.serials() == null ? List.of() : pk.serials();
      for (int j = 0; j < serials.size(); j++) {
        items.add(
            new PlannedShipment.Item(
                null,
                "packages[%d].serials[%d]".formatted(p, j),
                blank(serials.get(j)),
                ref,
                upper(pk.kind()),
                blank(pk.sscc())));
      }
    }
    List<String> loose = body.serials() == null ? List.of() : body.serials();
    for (int j = 0; j < loose.size(); j++) {
      items.add(
          new PlannedShipment.Item(
              null, "serials[%d]".formatted(j), blank(loose.get(j)), null, null, null));
    }
    PlannedShipment.Header header =
        new PlannedShipment.Header(
            null,
            blank(body.reference()),
            blank(body.shipToCustomer()),
            blank(body.shipToLocation()),
            blank(body.carrier()),
            blank(body.trackingRef()),
            blank(body.shippedAt()));
    return shipments.ship(List.of(new PlannedShipment(header, items)), caller.getName()).get(0);
  }

  @Operation(
      summary = "Ship units from CSV",
      description =
          "Columns: shipment (groups rows into shipments), shipToCustomer, shipToLocation,"
              + " carrier, trackingRef, shippedAt, package, packageKind, sscc, serial. All or"
              + " nothing, in one transaction: if any row is wrong nothing is applied, and the"
              + " answer lists every faulty row (the header is row 1) and field.")
  @PostMapping(value = "/api/shipments", consumes = "text/csv")
  @ResponseStatus(HttpStatus.CREATED)
  List<ShipmentViews.Shipment> shipCsv(@RequestBody byte[] csv, Authentication caller) {
    return csvImport.importCsv(csv, caller.getName());
  }

  @GetMapping("/api/shipments/{id}")
  ShipmentViews.Shipment shipment(@PathVariable long id) {
    return shipments.find(id);
  }

  @Operation(summary = "A shipment as CSV, in the format the import takes")
  @GetMapping(value = "/api/shipments/{id}/csv", produces = "text/csv")
  String csv(@PathVariable long id) {
    ShipmentViews.Shipment s = shipments.find(id);
    String ref = s.reference() == null ? String.valueOf(s.id()) : s.reference();
    return Csv.write(
        CSV_COLUMNS,
        s.units().stream()
            .map(
                u ->
                    Arrays.asList(
                        ref,
                        s.shipToCustomer(),
                        s.shipToLocation(),
                        s.carrier(),
                        s.trackingRef(),
                        s.shippedAt(),
                        u.packageRef(),
                        u.packageKind(),
                        u.sscc(),
                        u.serial()))
            .toList());
  }

  @Operation(
      summary = "Receive a shipment at its destination",
      description =
          "The units still on the shipment move to the customer, or to our location (the"
              + " ship-to location unless another is given).")
  @PostMapping("/api/shipments/{id}/receive")
  ShipmentViews.Shipment receive(
      @PathVariable long id, @RequestBody(required = false) Receipt body, Authentication caller) {
    return receipts.receive(id, body == null ? null : blank(body.location()), caller.getName());
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static String upper(String s) {
    return blank(s) == null ? null : s.strip().toUpperCase();
  }
}
