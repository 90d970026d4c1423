package org.unitrace.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Quality's hold on one unit, as the core tells the unit's line: published retained on {@link
 * Topics#holdCommand} while the unit is held, replaced by an empty retained message when it is
 * released, so an agent that (re)connects learns every hold in force on its line.
 *
 * <p>Body (UTF-8 JSON): {@code {"serial": "...", "holdId": 42, "reason": "...", "heldAt":
 * "2026-12-06T10:15:30Z"}}; unknown fields are ignored so the core may add some.
 *
 * @param serial the unit held (also in the topic)
 * @param holdId the core's hold record
 * @param reason what quality wrote
 * @param heldAt when the hold was placed, ISO-8601 as the core wrote it
 */
public record HoldCommand(String serial, long holdId, String reason, String heldAt) {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  public HoldCommand {
    if (serial == null || serial.isEmpty()) {
      throw new IllegalArgumentException("a hold command names its unit's serial");
    }
  }

  /** Where this hold is published for the unit's line. */
  public String topic(String site, String line) {
    return Topics.holdCommand(site, line, serial);
  }

  /** The retained message's body. */
  public byte[] encode() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("serial", serial);
    body.put("holdId", holdId);
    body.put("reason", reason);
    body.put("heldAt", heldAt);
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a hold command: " + e.getMessage(), e);
    }
  }

  /** The body that releases a unit: an empty retained message. */
  public static byte[] release() {
    return new byte[0];
  }

  /**
   * What a message on a hold topic says: the hold, or empty when the unit was released.
   *
   * @throws IllegalArgumentException when the topic is not a hold topic or the body is not a hold
   *     command, saying which and where
   */
  public static Optional<HoldCommand> decode(String topic, byte[] payload) {
    String serial = Topics.holdSerial(topic);
    if (payload == null || payload.length == 0) {
      return Optional.empty();
    }
    JsonNode body;
    try {
      body = JSON.readTree(payload);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "hold command on "
              + topic
              + " is not JSON: "
              + e.getMessage().lines().findFirst().orElse(""));
    }
    if (body == null || !body.isObject()) {
      throw new IllegalArgumentException("hold command on " + topic + " is not a JSON object");
    }
    JsonNode id = body.path("holdId");
    if (!id.canConvertToLong()) {
      throw new IllegalArgumentException(
          "hold command on " + topic + ": holdId must be a whole number, was " + id);
    }
    String named = body.path("serial").asText(serial);
    if (!named.equals(serial)) {
      throw new IllegalArgumentException(
          "hold command on %s names unit '%s', its topic '%s'".formatted(topic, named, serial));
    }
    return Optional.of(
        new HoldCommand(
            serial,
            id.asLong(),
            body.path("reason").asText(""),
            body.path("heldAt").isMissingNode() ? null : body.path("heldAt").asText()));
  }

  @Override
  public String toString() {
    return "hold #" + holdId + ": " + reason;
  }
}
