package org.unitrace.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.PathType;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads and writes events as the JSON that {@code docs/contract/events.schema.json} describes, so
 * edge agents and mes-core agree on the wire by construction. Every event read is checked against
 * that schema first; whatever is wrong comes back as an {@link EventRejectedException} naming the
 * field. Thread-safe: make one and share it.
 */
public final class EventCodec {

  /** RFC 3339: 'T' and 'Z' in either case, any offset; converted to UTC. */
  private static final DateTimeFormatter RFC_3339 =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
          .appendOffset("+HH:MM", "Z")
          .toFormatter();

  private static final Map<String, EventType> TYPES =
      Arrays.stream(EventType.values())
          .collect(Collectors.toUnmodifiableMap(EventType::name, Function.identity()));

  private final ObjectMapper json;
  private final EventSchema schema;

  public EventCodec() {
    this.json =
        JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addMixIn(Event.class, WireEnvelope.class)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();
    this.schema = EventSchema.shared();
  }

  /** The event in these bytes (UTF-8 JSON), or a rejection naming what is wrong and where. */
  public Event decode(byte[] bytes) {
    String text;
    try {
      text = StrictUtf8.decode(bytes);
    } catch (StrictUtf8.MalformedException e) {
      throw new EventRejectedException("$", e.getMessage(), e);
    }
    return decode(text);
  }

  /** The event in this JSON text, or a rejection naming what is wrong and where. */
  public Event decode(String text) {
    JsonNode root;
    try {
      root = json.readTree(text);
    } catch (JsonProcessingException e) {
      throw notJson(e);
    }
    return decode(root);
  }

  /** The event as UTF-8 JSON; optional payload fields that are null are left out. */
  public byte[] encode(Event event) {
    try {
      return json.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "event " + event.eventId() + " cannot be written as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The event as JSON text, for a ledger column or an HTTP body. */
  public String encodeToString(Event event) {
    return new String(encode(event), StandardCharsets.UTF_8);
  }

  private Event decode(JsonNode root) {
    if (root == null || !root.isObject()) {
      String found = root == null || root.isMissingNode() ? "nothing" : kindOf(root);
      throw new EventRejectedException("$", "an event must be a JSON object, found " + found);
    }
    JsonNode version = root.path("schemaVersion");
    if (version.isNumber() && version.doubleValue() > Event.CURRENT_SCHEMA_VERSION) {
      throw new EventRejectedException(
          "$.schemaVersion",
          "schema version %s is newer than %d, the newest this build reads"
              .formatted(version, Event.CURRENT_SCHEMA_VERSION));
    }
    JsonNode typeName = root.path("type");
    if (typeName.isTextual() && !TYPES.containsKey(typeName.textValue())) {
      throw new EventRejectedException(
          "$.type", "unknown event type '" + typeName.textValue() + "'");
    }
    SerialCharset.check(root.get("payload"));
    schema.check(root);
    return new Event(
        UUID.fromString(root.get("eventId").textValue()),
        root.get("schemaVersion").intValue(),
        instant(root.get("occurredAt").textValue()),
        root.get("site").textValue(),
        root.get("line").textValue(),
        root.get("station").textValue(),
        root.get("agentId").textValue(),
        root.get("seq").longValue(),
        payload(root.get("payload"), TYPES.get(typeName.textValue())));
  }

  private EventPayload payload(JsonNode node, EventType type) {
    try {
      return json.treeToValue(node, type.payloadType());
    } catch (JsonMappingException e) {
      JsonNodePath path = new JsonNodePath(PathType.JSON_PATH).append("payload");
      for (JsonMappingException.Reference field : e.getPath()) {
        path =
            field.getFieldName() != null
                ? path.append(field.getFieldName())
                : path.append(field.getIndex());
      }
      throw new EventRejectedException(path.toString(), e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      throw new EventRejectedException("$.payload", e.getOriginalMessage(), e);
    }
  }

  /** The schema has checked the format; this catches what Java cannot represent (leap seconds). */
  private static Instant instant(String text) {
    try {
      return OffsetDateTime.parse(text, RFC_3339).toInstant();
    } catch (DateTimeException e) {
      throw new EventRejectedException(
          "$.occurredAt",
          "'" + text + "' is not a date-time this build can read: " + e.getMessage());
    }
  }

  private static EventRejectedException notJson(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where =
        at == null ? "" : " (line %d, column %d)".formatted(at.getLineNr(), at.getColumnNr());
    return new EventRejectedException("$", "not JSON: " + e.getOriginalMessage() + where, e);
  }

  private static String kindOf(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  /**
   * The envelope as it goes on the wire: the event's own fields with {@code type} by name after
   * {@code eventId}, the payload as its record. A mix-in, so {@link Event} itself names no Jackson
   * type and a field added to it goes on the wire without a second list to update.
   */
  @JsonPropertyOrder({"eventId", "type"})
  private interface WireEnvelope {
    @JsonProperty("type")
    EventType type();
  }
}
