package org.unitrace.core.integration.epcis;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Where the next page starts: just after the event at {@code index} in the shipment recorded at
 * {@code recordedAt} with id {@code shipment} (the keyset the events are ordered by), for the query
 * with {@code fingerprint}. Opaque to partners; a shipment recorded meanwhile sorts after every
 * page already given, so pages neither skip nor repeat.
 */
record PageToken(Instant recordedAt, long shipment, int index, String fingerprint) {

  private static final String VERSION = "1";

  String encode() {
    long micros = recordedAt.getEpochSecond() * 1_000_000L + recordedAt.getNano() / 1_000;
    String raw =
        String.join(
            ".",
            VERSION,
            Long.toString(micros),
            Long.toString(shipment),
            Integer.toString(index),
            fingerprint);
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** The token the partner sent back, checked against the query it came with. */
  static PageToken decode(String token, String fingerprint) {
    String[] parts;
    try {
      parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\.");
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (parts.length != 5 || !VERSION.equals(parts[0])) {
      throw invalid();
    }
    if (!parts[4].equals(fingerprint)) {
      throw new PartnerQuery.QueryParameterException(
          "nextPageToken",
          "nextPageToken was given for another query: repeat the query's other parameters as they"
              + " were (perPage may change)");
    }
    try {
      long micros = Long.parseLong(parts[1]);
      return new PageToken(
          Instant.ofEpochSecond(
              Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L),
          Long.parseLong(parts[2]),
          Integer.parseInt(parts[3]),
          parts[4]);
    } catch (NumberFormatException e) {
      throw invalid();
    }
  }

  private static PartnerQuery.QueryParameterException invalid() {
    return new PartnerQuery.QueryParameterException(
        "nextPageToken", "nextPageToken is not one this interface gave out");
  }
}
