package org.unitrace.core.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How much one answer of {@code GET /api/dead-letters} may weigh. A dead letter keeps up to 1 MiB
 * of raw bytes, and anyone may send a hundred of them, so the list never carries payloads and stops
 * at {@code pageBytes} of JSON as well as at its row count: the memory a listing costs is bounded
 * by this setting, not by what was sent.
 */
@ConfigurationProperties("unitrace.dead-letters")
record DeadLetterLimits(@DefaultValue("131072") int pageBytes) {

  /** Room for the heaviest single row (every text field at its cap, every character escaped). */
  static final int MIN_PAGE_BYTES = 32_768;

  static final int MAX_PAGE_BYTES = 16 << 20;

  DeadLetterLimits {
    if (pageBytes < MIN_PAGE_BYTES || pageBytes > MAX_PAGE_BYTES) {
      throw new IllegalArgumentException(
          "unitrace.dead-letters.page-bytes must be between %d and %d, was %d"
              .formatted(MIN_PAGE_BYTES, MAX_PAGE_BYTES, pageBytes));
    }
  }
}
