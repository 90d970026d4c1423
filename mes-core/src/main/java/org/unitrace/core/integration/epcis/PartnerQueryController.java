package org.unitrace.core.integration.epcis;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.unitrace.core.epcis.ShipmentEpcis;
import org.unitrace.core.security.ApiTokenPrincipal;

/**
 * The EPCIS 2.0 REST query interface, the subset a trading partner needs to pull its shipments'
 * events: {@code GET /epcis/events} with the standard's parameters, paged by {@code perPage} and
 * the {@code nextPageToken} of the {@code Link} header. The caller is a partner's API token; it
 * sees the events of the shipments made to that partner, and nothing else.
 */
@RestController
@RequiredArgsConstructor
class PartnerQueryController {

  static final String QUERY_NAME = "SimpleEventQuery";

  private final Partners partners;
  private final PartnerEvents events;
  private final ShipmentEpcis epcis;

  /** Not a partner's token: the standard's SecurityException. */
  static final class NotAPartner extends RuntimeException {
    NotAPartner(String message) {
      super(message);
    }
  }

  @Operation(
      summary = "EPCIS 2.0 query interface for a trading partner's API token",
      description =
          "The events of the shipments made to the calling partner, as an EPCISQueryDocument."
              + " Parameters: eventType, GE_/LT_eventTime, GE_/LT_recordTime, EQ_action,"
              + " EQ_bizStep, EQ_disposition, EQ_readPoint, EQ_bizLocation, EQ_eventID, MATCH_epc,"
              + " MATCH_parentID, MATCH_anyEPC (several values separated by '|'), perPage (at most"
              + " 1000) and nextPageToken from the Link header. Any other parameter: 400"
              + " epcisException:QueryParameterException naming it.")
  @GetMapping(
      value = "/epcis/events",
      produces = {"application/json", "application/ld+json"})
  ResponseEntity<ObjectNode> events(
      @RequestParam MultiValueMap<String, String> params, Authentication caller) {
    if (!(caller.getPrincipal() instanceof ApiTokenPrincipal token)) {
      throw new NotAPartner("EPCIS queries are answered for partners' API tokens only");
    }
    String partner =
        partners
            .partnerOfToken(token.id())
            .orElseThrow(
                () ->
                    new NotAPartner(
                        ("token '%s' is not tied to an EPCIS partner; make one with POST"
                                + " /api/admin/epcis-partners/{name}/tokens")
                            .formatted(token.name())));
    PartnerQuery query = PartnerQuery.parse(params);
    PartnerEvents.Page page = events.page(partner, query);
    HttpHeaders headers = new HttpHeaders();
    headers.add("GS1-EPCIS-Version", "2.0.0");
    headers.add("GS1-CBV-Version", "2.0.0");
    if (page.next() != null) {
      String next =
          ServletUriComponentsBuilder.fromCurrentRequest()
              .replaceQueryParam("nextPageToken", page.next().encode())
              .build()
              .toUriString();
      headers.add(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
    }
    return ResponseEntity.ok()
        .headers(headers)
        .body(epcis.queryDocument(QUERY_NAME, page.events()));
  }

  @ExceptionHandler(PartnerQuery.QueryParameterException.class)
  ResponseEntity<ProblemDetail> badParameter(PartnerQuery.QueryParameterException e) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    p.setType(URI.create("epcisException:QueryParameterException"));
    p.setTitle("Invalid query parameter");
    p.setProperty("parameter", e.parameter());
    return ResponseEntity.badRequest().body(p);
  }

  @ExceptionHandler(NotAPartner.class)
  ResponseEntity<ProblemDetail> notAPartner(NotAPartner e) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
    p.setType(URI.create("epcisException:SecurityException"));
    p.setTitle("Not allowed");
    return ResponseEntity.status(HttpStatus.FORBIDDEN).body(p);
  }
}
