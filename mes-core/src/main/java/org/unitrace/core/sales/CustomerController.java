package org.unitrace.core.sales;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.unitrace.core.system.NotFoundException;

/** Customers, and the units each one bought. */
@RestController
class CustomerController {

  private final Customers customers;

  CustomerController(Customers customers) {
    this.customers = customers;
  }

  record NewCustomer(String reference, String name, List<Customers.Address> addresses) {}

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
}
