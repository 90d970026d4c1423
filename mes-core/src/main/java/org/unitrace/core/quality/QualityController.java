package org.unitrace.core.quality;

import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Holds and genealogy corrections: each with the reason the caller gives. */
@RestController
@RequiredArgsConstructor
class QualityController {

  private final Holds holds;
  private final Corrections corrections;

  record Reason(String reason) {}

  /** {@code action} is {@code unbind} (of {@code edgeId}) or {@code bind}. */
  record CorrectionRequest(
      String action,
      Long edgeId,
      String partNumber,
      String componentSerial,
      String lot,
      String reason) {}

  @PostMapping("/api/units/{serial}/hold")
  @ResponseStatus(HttpStatus.CREATED)
  Holds.Hold hold(@PathVariable String serial, @RequestBody Reason body, Authentication caller) {
    return holds.hold(serial, body.reason(), null, caller.getName());
  }

  @PostMapping("/api/units/{serial}/release")
  Holds.Hold release(@PathVariable String serial, @RequestBody Reason body, Authentication caller) {
    return holds.release(serial, body.reason(), caller.getName());
  }

  @GetMapping("/api/units/{serial}/holds")
  List<Holds.Hold> holds(@PathVariable String serial) {
    return holds.history(serial);
  }

  @PostMapping("/api/units/{serial}/corrections")
  @ResponseStatus(HttpStatus.CREATED)
  Corrections.Correction correct(
      @PathVariable String serial, @RequestBody CorrectionRequest body, Authentication caller) {
    if ("unbind".equals(body.action())) {
      if (body.edgeId() == null) {
        throw new IllegalArgumentException("an unbind correction needs 'edgeId'");
      }
      return corrections.unbind(serial, body.edgeId(), body.reason(), caller.getName());
    }
    if ("bind".equals(body.action())) {
      return corrections.bind(
          serial,
          body.partNumber(),
          body.componentSerial(),
          body.lot(),
          body.reason(),
          caller.getName());
    }
    throw new IllegalArgumentException("'action' must be bind or unbind, was " + body.action());
  }

  @GetMapping("/api/units/{serial}/corrections")
  List<Corrections.Correction> corrections(@PathVariable String serial) {
    return corrections.of(serial);
  }
}
