package org.unitrace.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.unitrace.contract.EventPayload.ComponentBound;
import org.unitrace.contract.EventPayload.StationResult;

class EventCodecTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final EventCodec codec = new EventCodec();

  @Test
  void everySampleSurvivesEncodeAndDecode() {
    EventSamples.all()
        .forEach(
            (type, event) -> {
              assertThat(codec.decode(codec.encode(event)))
                  .as("%s from bytes", type)
                  .isEqualTo(event);
              assertThat(codec.decode(codec.encodeToString(event)))
                  .as("%s from text", type)
                  .isEqualTo(event);
            });
  }

  @Test
  void encodingNamesTheTypeWritesUtcTimeAndLeavesOutNullFields() {
    ObjectNode tree = tree(sample(EventType.ComponentBound));

    assertThat(tree.get("type").asText()).isEqualTo("ComponentBound");
    assertThat(tree.get("occurredAt").asText()).isEqualTo("2025-03-14T09:26:53.589Z");
    assertThat(tree.get("schemaVersion").asInt()).isEqualTo(Event.CURRENT_SCHEMA_VERSION);
    assertThat(tree.get("payload").has("lot")).isFalse();
    assertThat(tree.get("payload").has("quantity")).isFalse();
    assertThat(tree.get("payload").has("type")).isFalse();
  }

  @Test
  void processValuesKeepTheirJsonTypes() {
    StationResult result =
        (StationResult) codec.decode(codec.encode(sample(EventType.StationResult))).payload();

    assertThat(result.values())
        .containsEntry("leakRateMbarLs", 0.0031)
        .containsEntry("pressureMbar", 1500)
        .containsEntry("program", "P-7")
        .containsEntry("sealed", true);
  }

  @Test
  void anOffsetTimeIsReadAsTheSameInstantInUtc() {
    Event event =
        codec.decode(
            edited(
                sample(EventType.RunEnded),
                e -> e.put("occurredAt", "2025-03-14t11:26:53.589+02:00")));

    assertThat(event.occurredAt()).isEqualTo(Instant.parse("2025-03-14T09:26:53.589Z"));
  }

  @Test
  void unknownFieldsInEnvelopeAndPayloadAreTolerated() {
    Event sample = sample(EventType.UnitSerialized);
    String withExtras =
        edited(
            sample,
            e -> {
              e.put("traceparent", "00-abc-def-01");
              e.putObject("agentInfo").put("version", "2.1.0");
              ((ObjectNode) e.get("payload")).put("laserPower", 87.5);
              ((ObjectNode) e.get("payload")).putArray("notes").add("second pass");
            });

    assertThat(codec.decode(withExtras)).isEqualTo(sample);
  }

  @Test
  void malformedJsonIsRejectedAsAWhole() {
    assertRejected("{\"eventId\": ", "$", "not JSON");
    assertRejected("", "$", "found nothing");
    assertRejected("{\"a\":1} {\"b\":2}", "$", "not JSON");
    assertRejected("{\"a\":1,\"a\":2}", "$", "Duplicate field 'a'");
    assertThat(
            catchThrowableOfType(
                    EventRejectedException.class,
                    () -> codec.decode(new byte[] {'{', (byte) 0xC3, '"'}))
                .path())
        .isEqualTo("$");
  }

  @Test
  void aJsonArrayIsNotAnEvent() {
    assertRejected(
        "[" + codec.encodeToString(sample(EventType.RunEnded)) + "]", "$", "found an array");
    assertRejected("\"RunEnded\"", "$", "found a string");
  }

  @Test
  void anUnknownTypeIsRejectedByName() {
    assertRejected(
        edited(sample(EventType.RunEnded), e -> e.put("type", "Foo")),
        "$.type",
        "unknown event type 'Foo'");
  }

  @Test
  void anUnknownTypeIsNamedEvenWhenTheRestIsNotAnEvent() {
    assertRejected("{\"type\":\"Foo\"}", "$.type", "unknown event type 'Foo'");
  }

  @Test
  void aNewerSchemaVersionIsRejected() {
    assertRejected(
        edited(sample(EventType.RunEnded), e -> e.put("schemaVersion", 2)),
        "$.schemaVersion",
        "schema version 2 is newer than 1");
  }

  @Test
  void aSchemaVersionBelowOneIsRejected() {
    assertRejected(
        edited(sample(EventType.RunEnded), e -> e.put("schemaVersion", 0)), "$.schemaVersion", "");
  }

  @Test
  void aBadEventIdIsRejected() {
    assertRejected(
        edited(sample(EventType.RunEnded), e -> e.put("eventId", "4711")),
        "$.eventId",
        "'4711' is not a valid uuid");
  }

  @Test
  void aBadDateIsRejected() {
    assertRejected(
        edited(sample(EventType.RunEnded), e -> e.put("occurredAt", "2025-13-14T09:26:53Z")),
        "$.occurredAt",
        "is not a valid date-time");
    assertRejected(
        edited(sample(EventType.RunEnded), e -> e.put("occurredAt", "2025-03-14 09:26")),
        "$.occurredAt",
        "is not a valid date-time");
    assertRejected(
        edited(sample(EventType.RunEnded), e -> e.put("occurredAt", "2025-03-14T09:26:53")),
        "$.occurredAt",
        "is not a valid date-time");
  }

  @Test
  void aNegativeSeqIsRejected() {
    assertRejected(
        edited(sample(EventType.RunEnded), e -> e.put("seq", -1)), "$.seq", "minimum value of 0");
  }

  @Test
  void aCodeThatCannotBeATopicLevelIsRejected() {
    assertRejected(
        edited(sample(EventType.RunEnded), e -> e.put("station", "leak/test")),
        "$.station",
        "must be 1 to 32 letters, digits, '_', '.' or '-'");
    assertRejected(
        edited(sample(EventType.RunEnded), e -> e.put("site", "S".repeat(33))), "$.site", "32");
  }

  @Test
  void aCodeWithATrailingLineBreakIsRejected() {
    assertRejected(
        edited(sample(EventType.RunEnded), e -> e.put("line", "line.A\n")), "$.line", "32");
    assertRejected(
        edited(sample(EventType.RunEnded), e -> e.put("agentId", "edge-1\r\n")), "$.agentId", "64");
  }

  @Test
  void aSerialWithAControlCharacterIsRejected() {
    assertRejected(
        edited(sample(EventType.UnitSerialized), e -> payload(e).put("serial", "SN-000123\r")),
        "$.payload.serial",
        "must not contain control characters");
  }

  @Test
  void aComponentBindingWithBothSerialAndLotIsRejected() {
    assertRejected(
        edited(sample(EventType.ComponentBound), e -> payload(e).put("lot", "L-2025-07")),
        "$.payload",
        "exactly one of 'componentSerial' and 'lot' must be given");
  }

  @Test
  void aComponentBindingWithNeitherSerialNorLotIsRejected() {
    assertRejected(
        edited(sample(EventType.ComponentBound), e -> payload(e).remove("componentSerial")),
        "$.payload",
        "exactly one of 'componentSerial' and 'lot' must be given");
    assertRejected(
        edited(sample(EventType.ComponentUnbound), e -> payload(e).remove("lot")),
        "$.payload",
        "exactly one of 'componentSerial' and 'lot' must be given");
  }

  @Test
  void aBindingByLotAloneIsAccepted() {
    Event byLot =
        EventSamples.of(
            new ComponentBound("SN-1", "SCR-M3", null, "L-1", null, new BigDecimal("4"), null));

    assertThat(codec.decode(codec.encode(byLot))).isEqualTo(byLot);
  }

  @Test
  void payloadFieldsAreCheckedWhereTheyAre() {
    assertRejected(
        edited(sample(EventType.MaterialLoaded), e -> payload(e).put("quantity", 0)),
        "$.payload.quantity",
        "exclusive minimum value of 0");
    assertRejected(
        edited(sample(EventType.UnitSerialized), e -> payload(e).put("serial", "")),
        "$.payload.serial",
        "at least 1 characters");
    assertRejected(
        edited(sample(EventType.UnitSerialized), e -> payload(e).put("serial", "S".repeat(65))),
        "$.payload.serial",
        "at most 64 characters");
    assertRejected(
        edited(sample(EventType.StationResult), e -> payload(e).put("result", "MAYBE")),
        "$.payload.result",
        "enum");
    assertRejected(
        edited(sample(EventType.UnitStatusChanged), e -> payload(e).put("serial", 123)),
        "$.payload.serial",
        "integer found, string expected");
    assertRejected(
        edited(
            sample(EventType.StationResult),
            e -> ((ObjectNode) payload(e).get("values")).putArray("curve").add(1)),
        "$.payload.values.curve",
        "array found");
    assertRejected(
        edited(
            sample(EventType.StationResult),
            e -> {
              ObjectNode values = (ObjectNode) payload(e).get("values");
              for (int i = 0; i < 100; i++) {
                values.put("v" + i, i);
              }
            }),
        "$.payload.values",
        "at most 100 properties");
  }

  @Test
  void aPayloadThatIsNotAnObjectIsRejected() {
    assertRejected(
        edited(sample(EventType.RunEnded), e -> e.put("payload", "WO-4711")),
        "$.payload",
        "string found, object expected");
  }

  @Test
  void aLeapSecondTheSchemaAllowsIsRejectedRatherThanMisread() {
    EventRejectedException rejected =
        catchThrowableOfType(
            EventRejectedException.class,
            () ->
                codec.decode(
                    edited(
                        sample(EventType.RunEnded),
                        e -> e.put("occurredAt", "2016-12-31T23:59:60Z"))));

    assertThat(rejected.path()).isEqualTo("$.occurredAt");
  }

  private void assertRejected(String json, String path, String reasonPart) {
    EventRejectedException rejected =
        catchThrowableOfType(EventRejectedException.class, () -> codec.decode(json));

    assertThat(rejected).as("rejection of %s", json).isNotNull();
    assertThat(rejected.path()).as("path of: %s", rejected.getMessage()).isEqualTo(path);
    assertThat(rejected.getMessage()).startsWith(path + ": ").contains(reasonPart);
    assertThat(
            catchThrowableOfType(
                EventRejectedException.class,
                () -> codec.decode(json.getBytes(StandardCharsets.UTF_8))))
        .hasMessage(rejected.getMessage());
  }

  private static Event sample(EventType type) {
    return EventSamples.all().get(type);
  }

  private ObjectNode tree(Event event) {
    try {
      return (ObjectNode) JSON.readTree(codec.encode(event));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String edited(Event event, Consumer<ObjectNode> edit) {
    ObjectNode tree = tree(event);
    edit.accept(tree);
    return tree.toString();
  }

  private static ObjectNode payload(ObjectNode envelope) {
    return (ObjectNode) envelope.get("payload");
  }
}
