package org.unitrace.core.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.UUID;

/**
 * An event that could not be accepted, kept with its raw bytes so nothing is lost: it can be looked
 * at, fixed at the source and sent again. The event id and agent are kept when readable.
 */
record DeadLetter(
    String source,
    String topic,
    String reason,
    String path,
    UUID eventId,
    String agentId,
    byte[] raw) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_RAW_BYTES = 1 << 20;

  static DeadLetter of(Incoming in, String path, String reason) {
    UUID eventId = null;
    String agentId = null;
    try {
      JsonNode node = JSON.readTree(in.raw());
      if (node != null && node.isObject()) {
        agentId =
            node.path("agentId").isTextual()
                ? StorableText.printable(node.path("agentId").asText())
                : null;
        eventId = UUID.fromString(node.path("eventId").asText());
      }
    } catch (Exception unreadable) {
      // what cannot be read stays unknown; the raw bytes are kept either way
    }
    byte[] raw = in.raw();
    if (raw.length > MAX_RAW_BYTES) {
      raw = Arrays.copyOf(raw, MAX_RAW_BYTES);
      reason += " (raw bytes kept: the first %d of %d)".formatted(MAX_RAW_BYTES, in.raw().length);
    }
    return new DeadLetter(in.source(), in.topic(), reason, path, eventId, agentId, raw);
  }
}
