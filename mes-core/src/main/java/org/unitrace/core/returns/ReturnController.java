package org.unitrace.core.returns;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.unitrace.core.system.Text;

/** Returns (RMA): authorise, receive, inspect with a disposition, repair. */
@RestController
@RequiredArgsConstructor
class ReturnController {

  private final Returns returns;
  private final Inspections inspections;
  private final Repairs repairs;

  /** {@code desk}: the location of the return desk that scanned the serial, for alerts. */
  record Authorisation(String serial, String customer, String complaint, String desk) {}

  record Receipt(String location) {}

  record Inspection(String findings, String disposition, String replacementSerial) {}

  record Repair(List<Repairs.Replacement> replaced) {}

  record RmaView(Returns.Rma rma, List<Repairs.Repaired> repairs) {}

  @Operation(
      summary = "Authorise a return",
      description =
          "Only for a serial the customer bought (its active sale is to that customer); else 409"
              + " naming serial and customer. A stolen or lost serial raises an alert and is"
              + " refused.")
  @PostMapping("/api/returns")
  @ResponseStatus(HttpStatus.CREATED)
  Returns.Rma authorise(@RequestBody Authorisation body, Authentication caller) {
    return returns.authorise(
        Text.blankToNull(body.serial()),
        Text.blankToNull(body.customer()),
        body.complaint(),
        Text.blankToNull(body.desk()),
        caller.getName());
  }

  @Operation(summary = "Receive a returned unit at a location (it moves there)")
  @PostMapping("/api/returns/{id}/receive")
  Returns.Rma receive(@PathVariable long id, @RequestBody Receipt body, Authentication caller) {
    return returns.receive(id, Text.blankToNull(body.location()), caller.getName());
  }

  @Operation(
      summary = "Record the inspection and the disposition",
      description =
          "disposition: REPAIR (then POST .../repair), REPLACE (with replacementSerial), REFUND"
              + " or SCRAP.")
  @PostMapping("/api/returns/{id}/inspect")
  Returns.Rma inspect(@PathVariable long id, @RequestBody Inspection body, Authentication caller) {
    return inspections.inspect(
        id,
        body.findings(),
        body.disposition(),
        Text.blankToNull(body.replacementSerial()),
        caller.getName());
  }

  @Operation(
      summary = "Record a repair: the components replaced",
      description =
          "Each replacement closes the removed component's genealogy edge and binds the fitted"
              + " one, as genealogy corrections (see GET /api/units/{serial}/corrections).")
  @PostMapping("/api/returns/{id}/repair")
  @ResponseStatus(HttpStatus.CREATED)
  List<Repairs.Repaired> repair(
      @PathVariable long id, @RequestBody Repair body, Authentication caller) {
    return repairs.repair(id, body.replaced(), caller.getName());
  }

  @GetMapping("/api/returns/{id}")
  RmaView rma(@PathVariable long id) {
    return new RmaView(returns.find(id), repairs.of(id));
  }

  @GetMapping("/api/returns")
  List<Returns.Rma> list(@RequestParam(required = false) String serial) {
    return returns.of(serial);
  }
}
