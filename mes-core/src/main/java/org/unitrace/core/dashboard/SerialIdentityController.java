package org.unitrace.core.dashboard;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The unit page's reading of a serial: its segments, by the serial template it fits. */
@RestController
class SerialIdentityController {

  private final SerialDecoder decoder;

  SerialIdentityController(SerialDecoder decoder) {
    this.decoder = decoder;
  }

  @Operation(summary = "A serial read back into its segments with the template it fits")
  @GetMapping("/api/dashboard/units/{serial}/identity")
  SerialDecoder.Identity identity(@PathVariable String serial) {
    return decoder.decode(serial);
  }
}
