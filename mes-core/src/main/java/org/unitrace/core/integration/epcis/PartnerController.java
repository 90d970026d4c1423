package org.unitrace.core.integration.epcis;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.unitrace.core.security.ApiTokens;
import org.unitrace.core.system.PageLimit;

/** Trading partners, their query tokens and their push jobs: for admins. */
@RestController
@RequestMapping("/api/admin/epcis-partners")
@RequiredArgsConstructor
class PartnerController {

  private static final int MAX_JOBS = 1000;

  private final Partners partners;
  private final PushJobs jobs;

  record NewPartner(
      String name,
      String captureUrl,
      String auth,
      String username,
      String secret,
      List<String> customers,
      List<String> locations,
      Boolean push,
      Boolean includeCommissioning) {}

  record NewToken(Duration validity) {}

  @Operation(summary = "EPCIS trading partners (never their secrets)")
  @GetMapping
  List<Partners.Partner> list() {
    return partners.list();
  }

  @Operation(
      summary =
          "Set up an EPCIS trading partner: capture URL, auth, customers and locations it sees, push")
  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Partners.Partner create(@RequestBody NewPartner p, Authentication caller) {
    return partners.create(
        p.name(),
        new Partners.Definition(
            p.captureUrl(),
            p.auth(),
            p.username(),
            p.secret(),
            p.customers(),
            p.locations(),
            p.push(),
            p.includeCommissioning()),
        caller.getName());
  }

  @GetMapping("/{name}")
  Partners.Partner get(@PathVariable String name) {
    return partners.get(name);
  }

  /** Replaces the definition; a secret left out keeps the stored one. */
  @PutMapping("/{name}")
  Partners.Partner update(
      @PathVariable String name, @RequestBody Partners.Definition d, Authentication caller) {
    return partners.update(name, d, caller.getName());
  }

  /** A token the partner queries {@code GET /epcis/events} with: shown this once. */
  @Operation(
      summary = "An API token (role partner) for the partner's GET /epcis/events; shown once")
  @PostMapping("/{name}/tokens")
  @ResponseStatus(HttpStatus.CREATED)
  ApiTokens.Created token(
      @PathVariable String name,
      @RequestBody(required = false) NewToken token,
      Authentication caller) {
    return partners.createToken(name, token == null ? null : token.validity(), caller.getName());
  }

  /** The partner's tokens (revoke one with {@code POST /api/admin/tokens/{id}/revoke}). */
  @GetMapping("/{name}/tokens")
  List<Partners.PartnerToken> tokens(@PathVariable String name) {
    return partners.tokens(name);
  }

  /** The partner's push jobs, newest first; each job's exchanges at {@code /jobs/{id}}. */
  @Operation(summary = "The partner's push jobs, newest first")
  @GetMapping("/{name}/jobs")
  List<PushJobs.View> jobs(
      @PathVariable String name,
      @RequestParam(required = false) String state,
      @RequestParam(defaultValue = "100") int limit) {
    partners.get(name);
    PageLimit.check(limit, MAX_JOBS);
    PushJobs.State wanted = null;
    if (state != null && !state.isBlank()) {
      try {
        wanted = PushJobs.State.valueOf(state.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "state must be one of %s, was '%s'"
                .formatted(java.util.Arrays.toString(PushJobs.State.values()), state));
      }
    }
    return jobs.list(name, wanted, limit);
  }

  @Operation(summary = "A push job with every exchange with the partner")
  @GetMapping("/{name}/jobs/{id}")
  PushJobs.View job(@PathVariable String name, @PathVariable long id) {
    return jobs.view(name, id);
  }

  /** Sends a failed job again, as a new capture (a succeeded or running one is refused: 409). */
  @Operation(summary = "Send a failed push job again, as a new capture")
  @PostMapping("/{name}/jobs/{id}/retry")
  PushJobs.View retry(@PathVariable String name, @PathVariable long id, Authentication caller) {
    return jobs.retry(name, id, caller.getName());
  }
}
