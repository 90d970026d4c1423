package org.unitrace.core.integration.epcis;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.unitrace.core.system.Setting;

/**
 * {@code unitrace.integration.epcis.*}: whether this instance pushes shipments to partners, and how
 * patiently. Partners and their jobs live in the database, so every instance may run the flow; a
 * job is leased to one at a time.
 *
 * @param enabled run the push route on this instance (off by default; the query side and the
 *     partner API are there either way, and jobs are recorded either way, so nothing is lost while
 *     it is off)
 * @param pollInterval how often due jobs are looked for
 * @param statusInterval how long after an accepted capture, and between two status questions, to
 *     ask the partner how its capture job is going
 * @param backoffInitial the wait after a first failure; it doubles with each further one
 * @param backoffMax the longest wait between two tries
 * @param connectTimeout how long to wait for the partner's server to accept a connection
 * @param responseTimeout how long to wait for its answer
 * @param lease how long a job is reserved for the instance working on it; longer than a connect and
 *     a response together, so no other instance posts the same shipment meanwhile
 * @param batch how many due jobs one poll takes
 * @param statusMissesToFail how many times in a row the partner may answer 404 to an accepted
 *     capture's status before the job is failed (and left for an admin to retry)
 */
@ConfigurationProperties("unitrace.integration.epcis")
public record EpcisPartnerProperties(
    @DefaultValue("false") boolean enabled,
    @DefaultValue("2s") Duration pollInterval,
    @DefaultValue("2s") Duration statusInterval,
    @DefaultValue("10s") Duration backoffInitial,
    @DefaultValue("15m") Duration backoffMax,
    @DefaultValue("10s") Duration connectTimeout,
    @DefaultValue("60s") Duration responseTimeout,
    @DefaultValue("5m") Duration lease,
    @DefaultValue("20") int batch,
    @DefaultValue("5") int statusMissesToFail) {

  private static final String KEY = "unitrace.integration.epcis.";

  public EpcisPartnerProperties {
    Setting.positive(KEY + "poll-interval", pollInterval);
    Setting.positive(KEY + "status-interval", statusInterval);
    Setting.positive(KEY + "backoff-initial", backoffInitial);
    Setting.positive(KEY + "backoff-max", backoffMax);
    Setting.positive(KEY + "connect-timeout", connectTimeout);
    Setting.positive(KEY + "response-timeout", responseTimeout);
    Setting.positive(KEY + "lease", lease);
    if (backoffMax.compareTo(backoffInitial) < 0) {
      throw new IllegalArgumentException(
          "unitrace.integration.epcis.backoff-max (%s) must not be shorter than backoff-initial (%s)"
              .formatted(backoffMax, backoffInitial));
    }
    if (lease.compareTo(connectTimeout.plus(responseTimeout)) <= 0) {
      throw new IllegalArgumentException(
          ("unitrace.integration.epcis.lease (%s) must be longer than connect-timeout (%s) and"
                  + " response-timeout (%s) together, or a second instance could post a shipment"
                  + " still in flight")
              .formatted(lease, connectTimeout, responseTimeout));
    }
    Setting.within(KEY + "batch", batch, 1, 1000);
    Setting.atLeast(KEY + "status-misses-to-fail", statusMissesToFail, 1);
  }

  /** The wait before the next try after {@code failures} failures in a row. */
  Duration backoff(int failures) {
    return Setting.doubling(backoffInitial, backoffMax, failures);
  }
}
