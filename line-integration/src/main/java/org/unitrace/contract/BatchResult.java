package org.unitrace.contract;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.UUID;

/**
 * The core's answer for one event of a batch posted to {@code POST /api/events}: the answer is a
 * JSON array of these, one per posted event, each at the event's index in the posted array.
 *
 * <p>Body (UTF-8 JSON): {@code [{"index": 0, "status": "stored", "eventId": "...", "reason": null,
 * "path": null}, ...]}; unknown fields are ignored so the core may add some.
 *
 * @param index the event's position in the posted array
 * @param status what became of it
 * @param eventId its id, when it could be read
 * @param reason why it was rejected (else null)
 * @param path the JSON path of the offending field of a rejected event (else null)
 */
public record BatchResult(int index, Status status, UUID eventId, String reason, String path) {

  /**
   * Stored now; a duplicate of one stored before (by eventId); or rejected, and kept in the core's
   * dead letters. Each of them leaves the sender's outbox.
   */
  public enum Status {
    stored,
    duplicate,
    rejected
  }

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /**
   * Reads the answer to a posted batch.
   *
   * @throws IOException when the body is not such an array, saying where
   */
  public static List<BatchResult> decode(String body) throws IOException {
    return JSON.readValue(body, new TypeReference<List<BatchResult>>() {});
  }
}
