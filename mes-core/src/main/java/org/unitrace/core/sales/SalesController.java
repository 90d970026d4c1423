package org.unitrace.core.sales;

import io.swagger.v3.oas.annotations.Operation;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.unitrace.core.imports.Csv;
import org.unitrace.core.system.NotFoundException;
import org.unitrace.core.system.Text;

/** Customers, sales by serial, and warranty. */
@RestController
@RequiredArgsConstructor
class SalesController {

  static final List<String> CSV_COLUMNS =
      List.of("orderNumber", "orderLine", "customer", "soldOn", "serial");

  private final Customers customers;
  private final Sales sales;
  private final SalePosting posting;
  private final Warranties warranties;
  private final SalesFileImport csvImport;

  record NewCustomer(String reference, String name, List<Customers.Address> addresses) {}

  record SaleLine(String orderLine, String serial) {}

  /** {@code soldOn} as YYYY-MM-DD, today when left out. */
  record SaleRequest(String orderNumber, String customer, String soldOn, List<SaleLine> lines) {}

  record PolicyRequest(Integer months, String startsAt) {}

  @PostMapping("/api/customers")
  @ResponseStatus(HttpStatus.CREATED)
  Customers.Customer create(@RequestBody NewCustomer body, Authentication caller) {
    return customers.create(body.reference(), body.name(), body.addresses(), caller.getName());
  }

  @GetMapping("/api/customers")
  List<Customers.Customer> customers() {
    return customers.all();
  }

  @GetMapping("/api/customers/{reference}")
  Customers.Customer customer(@PathVariable String reference) {
    return customers
        .find(reference)
        .orElseThrow(() -> new NotFoundException("customer", reference));
  }

  @Operation(summary = "The units a customer bought (active sales), with where each is now")
  @GetMapping("/api/customers/{reference}/units")
  List<Customers.OwnedUnit> units(@PathVariable String reference) {
    return customers.units(reference);
  }

  @Operation(
      summary = "Record a sale: serials against an order's lines",
      description =
          "All or nothing: an unknown customer or serial, a bad date, a scrapped, stolen or"
              + " already-sold unit refuses the whole sale, each problem named as lines[i].")
  @PostMapping(value = "/api/sales", consumes = MediaType.APPLICATION_JSON_VALUE)
  @ResponseStatus(HttpStatus.CREATED)
  List<Sales.Sale> sell(@RequestBody SaleRequest body, Authentication caller) {
    List<SaleLine> lines = body.lines() == null ? List.of() : body.lines();
    List<SalePosting.Item> items = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      items.add(
          new SalePosting.Item(
              null,
              "lines[" + i + "].serial",
              Text.blankToNull(body.orderNumber()),
              Text.blankToNull(lines.get(i).orderLine()),
              Text.blankToNull(body.customer()),
              Text.blankToNull(body.soldOn()),
              Text.blankToNull(lines.get(i).serial())));
    }
    return posting.sell(items, caller.getName());
  }

  @Operation(
      summary = "Record sales from CSV (columns orderNumber,orderLine,customer,soldOn,serial)",
      description =
          "All or nothing, in one transaction: if any row is wrong nothing is applied and the"
              + " answer lists every faulty row (the header is row 1) and field.")
  @PostMapping(value = "/api/sales", consumes = "text/csv")
  @ResponseStatus(HttpStatus.CREATED)
  List<Sales.Sale> sellCsv(@RequestBody byte[] csv, Authentication caller) {
    return csvImport.importCsv(csv, caller.getName());
  }

  @GetMapping("/api/sales")
  List<Sales.Sale> find(
      @RequestParam(required = false) String order,
      @RequestParam(required = false) String customer,
      @RequestParam(defaultValue = "10000") int limit) {
    return sales.find(order, customer, limit);
  }

  @Operation(summary = "Sales as CSV, in the format the import takes")
  @GetMapping(value = "/api/sales/csv", produces = "text/csv")
  String export(
      @RequestParam(required = false) String order,
      @RequestParam(required = false) String customer) {
    return Csv.write(
        CSV_COLUMNS,
        sales.find(order, customer, 1_000_000).stream()
            .map(
                s ->
                    Arrays.asList(
                        s.orderNumber(), s.orderLine(), s.customer(), s.soldOn(), s.serial()))
            .toList());
  }

  @Operation(
      summary = "Set a product's warranty policy",
      description =
          "months of warranty, counted from the SALE (default) or the first SHIPMENT to the"
              + " customer. A product not seen on a line yet is created.")
  @PutMapping("/api/products/{partNumber}/warranty")
  Warranties.Policy policy(@PathVariable String partNumber, @RequestBody PolicyRequest body) {
    return warranties.setPolicy(partNumber, body.months(), body.startsAt());
  }

  @Operation(
      summary = "Is a unit in warranty, until when, and why",
      description = "'on' (YYYY-MM-DD, default today, UTC) asks about another day.")
  @GetMapping("/api/units/{serial}/warranty")
  Warranties.Warranty warranty(
      @PathVariable String serial,
      @RequestParam(required = false)
          @org.springframework.format.annotation.DateTimeFormat(
              iso = org.springframework.format.annotation.DateTimeFormat.ISO.DATE)
          LocalDate on) {
    return warranties.of(serial, on == null ? LocalDate.now(ZoneOffset.UTC) : on);
  }
}
