package org.unitrace.core.integration.epcis;

import lombok.RequiredArgsConstructor;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Pushes shipments to partners' EPCIS capture interfaces: takes due jobs (leased, so instances
 * share the work), posts each shipment's document to {@code POST /capture}, then follows the
 * partner's capture job ({@code GET /capture/{id}}) to its end. Every answer, and every failure to
 * get one, is recorded on the job by {@link PushExchanges}; the next try waits out the backoff.
 */
@Component
@ConditionalOnProperty(name = "unitrace.integration.epcis.enabled", havingValue = "true")
@RequiredArgsConstructor
class PartnerPushRoute extends RouteBuilder {

  private final PushJobs jobs;
  private final PushExchanges exchanges;
  private final EpcisPartnerProperties properties;

  /**
   * One HTTP endpoint for every partner: the request's own URL (header {@code CamelHttpUri}) says
   * where it goes; answers of any status come back to be recorded, none is thrown.
   */
  private String partnerHttp() {
    return ("http://epcis-partner?throwExceptionOnFailure=false&followRedirects=false"
            + "&connectTimeout=%d&responseTimeout=%d&soTimeout=%d")
        .formatted(
            properties.connectTimeout().toMillis(),
            properties.responseTimeout().toMillis(),
            properties.responseTimeout().toMillis());
  }

  @Override
  public void configure() {
    from("timer:epcis-partner-push?period=" + properties.pollInterval().toMillis())
        .routeId("epcis-partner-push")
        .process(e -> e.getMessage().setBody(jobs.claimDue()))
        .split(body())
        .to("direct:epcis-partner-job")
        .end();

    from("direct:epcis-partner-job")
        .routeId("epcis-partner-job")
        .onException(Exception.class)
        .handled(true)
        .process(exchanges::unreachable)
        .end()
        .process(exchanges::request)
        .choice()
        .when(exchangeProperty(PushExchanges.SKIP).isEqualTo(true))
        .log("EPCIS push skipped: ${exchangeProperty.epcisSkipReason}")
        .otherwise()
        .to(partnerHttp())
        .process(exchanges::answered)
        .end();
  }
}
