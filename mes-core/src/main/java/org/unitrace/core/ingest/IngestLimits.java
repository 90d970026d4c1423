package org.unitrace.core.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.unitrace.core.system.Setting;

/**
 * How much one event and one HTTP batch may be; beyond that an event goes to dead letters and a
 * request is refused with 413, rather than hurting everyone else's ingestion.
 */
@ConfigurationProperties("unitrace.ingest")
record IngestLimits(
    @DefaultValue("65536") int maxEventBytes, @DefaultValue("5000") int maxEventsPerRequest) {

  IngestLimits {
    Setting.atLeast("unitrace.ingest.max-event-bytes", maxEventBytes, 1024);
    Setting.atLeast("unitrace.ingest.max-events-per-request", maxEventsPerRequest, 1);
  }
}
