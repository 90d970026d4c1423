package org.unitrace.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.unitrace.contract.EventPayload.Result;
import org.unitrace.contract.EventPayload.StationState;
import org.unitrace.contract.EventPayload.UnitStatus;

/**
 * The published schema and the codec agree: what the codec writes is valid against the schema file
 * (checked here with the validator directly, not through the codec), and what the schema requires
 * the codec insists on, naming the same field.
 */
class EventSchemaTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNode SCHEMA = readSchema();
  private static final JsonSchema VALIDATOR =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
          .getSchema(
              SchemaLocation.of(SCHEMA.get("$id").asText()),
              SCHEMA,
              SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());

  private final EventCodec codec = new EventCodec();

  @Test
  void everyEventTypeHasASample() {
    assertThat(EventSamples.all()).containsOnlyKeys(EventType.values());
  }

  /**
   * The codec checks an event against its own type's rules only (the schema's {@code if type = X}
   * branches, picked once by the type): every event type with every type's payload gets the verdict
   * of the whole schema file.
   */
  @Test
  void theCodecGivesTheWholeSchemasVerdictForEveryTypeAndPayload() {
    for (EventType type : EventType.values()) {
      for (EventType payloadOf : EventType.values()) {
        ObjectNode event = tree(EventSamples.all().get(type));
        event.set("payload", tree(EventSamples.all().get(payloadOf)).get("payload"));
        boolean valid = VALIDATOR.validate(event).isEmpty();
        EventRejectedException rejected =
            catchThrowableOfType(
                EventRejectedException.class, () -> codec.decode(event.toString()));
        assertThat(rejected == null)
            .as("%s with the payload of %s accepted (%s)", type, payloadOf, rejected)
            .isEqualTo(valid);
      }
    }
  }

  @Test
  void everyEncodedSampleIsValidAgainstTheSchemaFile() {
    EventSamples.all()
        .forEach(
            (type, event) ->
                assertThat(VALIDATOR.validate(tree(event)))
                    .as("violations of the %s sample", type)
                    .isEmpty());
  }

  @Test
  void theSchemaFileIsAValidDraft202012Schema() {
    JsonSchema metaSchema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(SchemaLocation.of(SCHEMA.get("$schema").asText()));

    assertThat(metaSchema.validate(SCHEMA)).isEmpty();
  }

  @Test
  void removingAnyRequiredFieldIsRejectedAtThatFieldByCodecAndSchema() {
    List<String> checked = new ArrayList<>();
    EventSamples.all()
        .forEach(
            (type, event) -> {
              for (String field : names(SCHEMA.get("required"))) {
                ObjectNode envelope = tree(event);
                envelope.remove(field);
                assertRejectedAt(envelope, "$." + field);
                checked.add(type + " $." + field);
              }
              for (String field : names(payloadSchema(type).get("required"))) {
                ObjectNode envelope = tree(event);
                ((ObjectNode) envelope.get("payload")).remove(field);
                assertRejectedAt(envelope, "$.payload." + field);
                checked.add(type + " $.payload." + field);
              }
            });

    assertThat(checked).contains("UnitSerialized $.payload.serial", "RunStarted $.eventId");
  }

  @Test
  void everyTypeHasAPayloadDefinitionChosenByItsName() {
    Set<String> chosen =
        StreamSupport.stream(SCHEMA.get("allOf").spliterator(), false)
            .map(rule -> rule.at("/if/properties/type/const").asText())
            .collect(Collectors.toSet());
    Set<String> names =
        Arrays.stream(EventType.values()).map(Enum::name).collect(Collectors.toSet());

    assertThat(names(SCHEMA.at("/properties/type/enum")))
        .containsExactlyInAnyOrderElementsOf(names);
    assertThat(chosen).isEqualTo(names);
    for (JsonNode rule : SCHEMA.get("allOf")) {
      assertThat(rule.at("/then/properties/payload/$ref").asText())
          .isEqualTo("#/$defs/" + rule.at("/if/properties/type/const").asText());
    }
  }

  @Test
  void payloadDefinitionsNameExactlyTheFieldsOfTheirRecords() {
    for (EventType type : EventType.values()) {
      List<String> components =
          Arrays.stream(type.payloadType().getRecordComponents())
              .map(RecordComponent::getName)
              .toList();
      JsonNode definition = payloadSchema(type);

      assertThat(names(definition.get("properties")))
          .as("properties of $defs/%s", type)
          .containsExactlyInAnyOrderElementsOf(components);
      assertThat(components)
          .as("required of $defs/%s", type)
          .containsAll(names(definition.get("required")));
      definition.get("properties").forEach(p -> assertThat(p.has("description")).isTrue());
    }
  }

  @Test
  void everyEnvelopePropertyIsDescribed() {
    SCHEMA
        .get("properties")
        .forEach(p -> assertThat(p.has("description")).as(p.toString()).isTrue());
    assertThat(names(SCHEMA.get("properties")))
        .containsExactlyInAnyOrderElementsOf(names(SCHEMA.get("required")));
  }

  @Test
  void enumsInTheSchemaAreTheEnumsOfTheRecords() {
    assertThat(names(SCHEMA.at("/$defs/StationResult/properties/result/enum")))
        .containsExactly(enumNames(Result.values()));
    assertThat(names(SCHEMA.at("/$defs/UnitStatusChanged/properties/status/enum")))
        .containsExactly(enumNames(UnitStatus.values()));
    assertThat(names(SCHEMA.at("/$defs/StationStateChanged/properties/state/enum")))
        .containsExactly(enumNames(StationState.values()));
  }

  private void assertRejectedAt(ObjectNode envelope, String path) {
    Set<ValidationMessage> violations = VALIDATOR.validate(envelope);
    EventRejectedException rejected =
        catchThrowableOfType(EventRejectedException.class, () -> codec.decode(envelope.toString()));

    assertThat(violations).as("schema violations without %s", path).isNotEmpty();
    assertThat(rejected).as("codec rejection without %s", path).isNotNull();
    assertThat(rejected.path()).isEqualTo(path);
    assertThat(rejected)
        .hasMessage(
            path
                + ": required property '"
                + path.substring(path.lastIndexOf('.') + 1)
                + "' is missing");
  }

  private ObjectNode tree(Event event) {
    try {
      return (ObjectNode) JSON.readTree(codec.encode(event));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode payloadSchema(EventType type) {
    return SCHEMA.get("$defs").get(type.name());
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> names.add(n.asText()));
    } else {
      node.fieldNames().forEachRemaining(names::add);
    }
    return names;
  }

  private static String[] enumNames(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).toArray(String[]::new);
  }

  private static JsonNode readSchema() {
    try (InputStream in = EventSchemaTest.class.getResourceAsStream("events.schema.json")) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
