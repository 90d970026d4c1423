package org.unitrace.core.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How much one event and one HTTP batch may be; beyond that an event goes to dead letters and a
 * request is refused with 413, rather than hurting everyone else's ingestion.
 */
@ConfigurationProperties("unitrace.ingest")
record IngestLimits(
    @DefaultValue("65536") int maxEventBytes, @DefaultValue("5000") int maxEventsPerRequest) {

  IngestLimits {
    if (maxEventBytes < 1024) {
      throw new IllegalArgumentException(
          "unitrace.ingest.max-event-bytes must be at least 1024, was " + maxEventBytes);
    }
    if (maxEventsPerRequest < 1) {
      throw new IllegalArgumentException(
          "unitrace.ingest.max-events-per-request must be positive, was " + maxEventsPerRequest);
    }
  }
}
