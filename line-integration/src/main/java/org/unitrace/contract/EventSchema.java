package org.unitrace.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The published JSON Schema ({@code docs/contract/events.schema.json}, on the classpath next to
 * this class), turned into one rejection that names the offending field.
 */
final class EventSchema {

  static final String RESOURCE = "events.schema.json";

  /** The keyword the schema uses for its own wording of a failed rule, as ajv-errors does. */
  static final String ERROR_MESSAGE_KEYWORD = "errorMessage";

  private static final int MAX_QUOTED_VALUE = 64;

  /** The whole schema: for an event whose type it does not know (and rejects). */
  private final JsonSchema schema;

  /**
   * The same schema for one event type each: the envelope's rules and that type's payload rules
   * only. The published schema picks the payload's rules with one {@code if type = X then payload
   * is X} per type, and a validator evaluates every one of those conditions for every event; here
   * the type picks them once. For an event of type X the two are the same rules.
   */
  private final Map<String, JsonSchema> byType;

  private EventSchema(JsonSchema schema, Map<String, JsonSchema> byType) {
    this.schema = schema;
    this.byType = byType;
  }

  /**
   * The schema, compiled once for the process: it is the same file for every codec, and compiling
   * it (once per event type, see {@link #byType}) takes tens of milliseconds.
   */
  static EventSchema shared() {
    return Shared.SCHEMA;
  }

  private static final class Shared {
    static final EventSchema SCHEMA = load(new ObjectMapper());
  }

  private static EventSchema load(ObjectMapper json) {
    JsonNode document;
    try (InputStream in = EventSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "the event schema org/unitrace/contract/" + RESOURCE + " is not on the classpath");
      }
      document = json.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("the event schema cannot be read", e);
    }
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_PATH)
            .formatAssertionsEnabled(true)
            .errorMessageKeyword(ERROR_MESSAGE_KEYWORD)
            .build();
    String id = document.path("$id").asText("classpath:" + RESOURCE);
    JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    Map<String, JsonSchema> byType = new HashMap<>();
    typeBranches(document)
        .forEach(
            (type, then) -> {
              ObjectNode one = document.deepCopy();
              one.put("$id", id + "/" + type);
              one.putArray("allOf").add(then);
              byType.put(type, factory.getSchema(SchemaLocation.of(id + "/" + type), one, config));
            });
    return new EventSchema(
        factory.getSchema(SchemaLocation.of(id), document, config), Map.copyOf(byType));
  }

  /**
   * The {@code then} of each {@code allOf} branch {@code if type = X}, by X; empty (the whole
   * schema for every event) when the schema picks the payload's rules some other way.
   */
  private static Map<String, JsonNode> typeBranches(JsonNode document) {
    Map<String, JsonNode> branches = new LinkedHashMap<>();
    for (JsonNode branch : document.path("allOf")) {
      JsonNode condition = branch.path("if").path("properties");
      JsonNode type = condition.path("type").path("const");
      if (branch.size() != 2
          || !branch.has("then")
          || condition.size() != 1
          || !type.isTextual()
          || branches.containsKey(type.textValue())) {
        return Map.of();
      }
      branches.put(type.textValue(), branch.get("then"));
    }
    return branches;
  }

  /** Rejects the event with its first violation; returns when the event is valid. */
  void check(JsonNode event) {
    JsonNode type = event.path("type");
    JsonSchema rules = type.isTextual() ? byType.getOrDefault(type.textValue(), schema) : schema;
    Set<ValidationMessage> violations = rules.validate(event);
    if (violations.isEmpty()) {
      return;
    }
    ValidationMessage first = firstOwnViolation(violations);
    throw new EventRejectedException(pathOf(first), reasonOf(first));
  }

  /**
   * The first violation that is not part of another: a failed {@code oneOf} also reports why each
   * of its branches failed, and those say less than the {@code oneOf} itself.
   */
  private static ValidationMessage firstOwnViolation(Set<ValidationMessage> violations) {
    for (ValidationMessage candidate : violations) {
      JsonNodePath at = candidate.getEvaluationPath();
      boolean inside =
          violations.stream()
              .map(ValidationMessage::getEvaluationPath)
              .anyMatch(outer -> !outer.equals(at) && at.startsWith(outer));
      if (!inside) {
        return candidate;
      }
    }
    return violations.iterator().next();
  }

  /** Where the violation is; a missing property is named itself, not the object that lacks it. */
  private static String pathOf(ValidationMessage violation) {
    if ("required".equals(violation.getType())) {
      return violation.getInstanceLocation().append(violation.getProperty()).toString();
    }
    return violation.getInstanceLocation().toString();
  }

  private static String reasonOf(ValidationMessage violation) {
    return switch (violation.getType()) {
      case "required" -> "required property '" + violation.getProperty() + "' is missing";
      case "format" ->
          quoted(violation.getInstanceNode())
              + " is not a valid "
              + violation.getSchemaNode().asText();
      default -> violation.getError();
    };
  }

  private static String quoted(JsonNode value) {
    String text = value.isTextual() ? value.textValue() : value.toString();
    if (text.length() > MAX_QUOTED_VALUE) {
      text = text.substring(0, MAX_QUOTED_VALUE) + "...";
    }
    return "'" + text + "'";
  }
}
