package org.unitrace.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventCodec;
import org.unitrace.contract.Topics;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.MqttTestPublisher;
import org.unitrace.core.support.TestEvents;
import org.unitrace.core.support.TestServers;

/**
 * What ingestion promises, against the real broker and database: once-only storage whatever the
 * path and the repetitions, dead letters for what cannot be taken (and ingestion going on), and
 * sequence gaps made visible per agent.
 */
class IngestGuaranteesIT extends CoreITSupport {

  private final EventCodec codec = new EventCodec();

  @Test
  void sameEventPublishedTwiceAndPostedAgainIsStoredOnce() throws Exception {
    String line = TestServers.unique("L");
    String agent = "edge-" + line;
    TestEvents events = new TestEvents(SITE, line, agent);
    Event serialized = events.serialized("DUP-0001", "CTRL-900", "RUN-1");
    Event next = events.serialized("DUP-0002", "CTRL-900", "RUN-1");
    double duplicatesBefore = duplicatesCounted();
    try (var publisher = new MqttTestPublisher(TestServers.mqttUrl())) {
      publisher.publish(serialized);
      publisher.publish(serialized);
      publisher.publish(next);
    }
    // The core has taken all three when its watermark for the agent names the last seq and it has
    // counted the second copy as a duplicate, in whichever batch each copy came.
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(agentView(agent).path("lastSeq").asLong()).isEqualTo(next.seq());
              assertThat(duplicatesCounted()).isGreaterThan(duplicatesBefore);
            });

    JsonNode answer = post("[" + codec.encodeToString(serialized) + "]").getBody();
    assertThat(answer.get(0).path("status").asText()).isEqualTo("duplicate");
    assertThat(answer.get(0).path("eventId").asText()).isEqualTo(serialized.eventId().toString());
    assertThat(storedOnLine(line)).isEqualTo(2);
    assertThat(agentView(agent).path("eventsStored").asLong())
        .as("events the core took as new from the agent")
        .isEqualTo(2);
    // the station's time series has no key that would refuse a second copy: a duplicate taken as
    // new shows here as a second row
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM station_event WHERE line = ? AND unit_serial = ?"
                    + " AND type = 'UnitSerialized'",
                Integer.class,
                line,
                "DUP-0001"))
        .isEqualTo(1);
  }

  /** How many incoming events the core has found to be copies of one stored before. */
  private double duplicatesCounted() {
    return http.getForObject(
            "/actuator/metrics/unitrace.ingest.events?tag=outcome:duplicate", JsonNode.class)
        .path("measurements")
        .get(0)
        .path("value")
        .asDouble();
  }

  @Test
  void httpBatchAnswersEachEventStoredDuplicateOrRejected() {
    String line = TestServers.unique("L");
    TestEvents events = new TestEvents(SITE, line, "edge-" + line);
    String first = codec.encodeToString(events.serialized("HTTP-0001", "CTRL-900", "RUN-2"));
    String second = codec.encodeToString(events.serialized("HTTP-0002", "CTRL-900", "RUN-2"));
    String missingSerial = second.replace("\"serial\":\"HTTP-0002\",", "");
    JsonNode answer =
        post("[" + first + "," + first + "," + missingSerial + "," + second + "]").getBody();
    assertThat(answer).hasSize(4);
    assertThat(answer.get(0).path("status").asText()).isEqualTo("stored");
    assertThat(answer.get(1).path("status").asText()).isEqualTo("duplicate");
    assertThat(answer.get(2).path("status").asText()).isEqualTo("rejected");
    assertThat(answer.get(2).path("path").asText()).isEqualTo("$.payload.serial");
    assertThat(answer.get(3).path("status").asText()).isEqualTo("stored");
    assertThat(storedOnLine(line)).isEqualTo(2);
  }

  @Test
  void badInputGoesToDeadLettersWithItsReasonAndIngestionGoesOn() throws Exception {
    String line = TestServers.unique("L");
    TestEvents events = new TestEvents(SITE, line, "edge-" + line);
    Event good = events.serialized("DL-0001", "CTRL-900", "RUN-3");
    String topic = Topics.topicOf(good);
    String valid = codec.encodeToString(good);
    String schemaViolation =
        codec
            .encodeToString(events.serialized("DL-0002", "CTRL-900", "RUN-3"))
            .replace("\"partNumber\":\"CTRL-900\"", "\"partNumber\":42");
    String unknownType =
        codec
            .encodeToString(events.serialized("DL-0003", "CTRL-900", "RUN-3"))
            .replace("\"type\":\"UnitSerialized\"", "\"type\":\"UnitTeleported\"");
    try (var publisher = new MqttTestPublisher(TestServers.mqttUrl())) {
      publisher.publish(topic, "{not json".getBytes(StandardCharsets.UTF_8));
      publisher.publish(topic, schemaViolation.getBytes(StandardCharsets.UTF_8));
      publisher.publish(
          topic.replace("UnitSerialized", "UnitTeleported"),
          unknownType.getBytes(StandardCharsets.UTF_8));
      publisher.publish(topic, valid.getBytes(StandardCharsets.UTF_8));
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> storedOnLine(line) == 1);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> deadLettersOn(topic.substring(0, topic.lastIndexOf('/'))).size() == 3);

    List<JsonNode> dead = deadLettersOn(topic.substring(0, topic.lastIndexOf('/')));
    assertThat(dead)
        .anySatisfy(
            d -> {
              assertThat(d.path("preview").asText()).isEqualTo("{not json");
              assertThat(d.path("payloadBytes").asInt()).isEqualTo(9);
              assertThat(payloadOf(d)).isEqualTo("{not json");
              assertThat(d.path("path").asText()).isEqualTo("$");
            });
    assertThat(dead)
        .anySatisfy(
            d -> {
              assertThat(d.path("path").asText()).isEqualTo("$.payload.partNumber");
              assertThat(d.has("raw")).isFalse();
              assertThat(schemaViolation).startsWith(d.path("preview").asText());
              assertThat(payloadOf(d)).isEqualTo(schemaViolation);
            });
    assertThat(dead)
        .anySatisfy(
            d -> {
              assertThat(d.path("path").asText()).isEqualTo("$.type");
              assertThat(d.path("reason").asText()).contains("UnitTeleported");
              assertThat(d.path("agentId").asText()).isEqualTo("edge-" + line);
            });
    assertThat(
            http.getForObject("/actuator/metrics/unitrace.ingest.dead.letters", JsonNode.class)
                .path("measurements")
                .get(0)
                .path("value")
                .asDouble())
        .isGreaterThanOrEqualTo(3);
  }

  @Test
  void anEventWhoseTopicDisagreesWithItsContentIsDeadLettered() throws Exception {
    String line = TestServers.unique("L");
    TestEvents events = new TestEvents(SITE, line, "edge-" + line);
    Event event = events.serialized("SPOOF-0001", "CTRL-900", "RUN-4");
    String otherLine = Topics.topicOf(event).replace("/" + line + "/", "/OTHER/");
    try (var publisher = new MqttTestPublisher(TestServers.mqttUrl())) {
      publisher.publish(otherLine, codec.encode(event));
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> deadLettersOn(otherLine.substring(0, otherLine.lastIndexOf('/'))).size() == 1);
    assertThat(
            deadLettersOn(otherLine.substring(0, otherLine.lastIndexOf('/')))
                .get(0)
                .path("reason")
                .asText())
        .contains("came on topic");
    assertThat(storedOnLine(line)).isZero();
  }

  @Test
  void sequenceGapIsRecordedAndShrinksWhenTheMissingEventsArrive() {
    String line = TestServers.unique("L");
    String agent = "edge-" + line;
    TestEvents events = new TestEvents(SITE, line, agent);
    Event e0 = events.serialized("SEQ-0", "CTRL-900", "RUN-5");
    Event e1 = events.serialized("SEQ-1", "CTRL-900", "RUN-5");
    Event e2 = events.serialized("SEQ-2", "CTRL-900", "RUN-5");
    Event e3 = events.serialized("SEQ-3", "CTRL-900", "RUN-5");
    Event e4 = events.serialized("SEQ-4", "CTRL-900", "RUN-5");
    post("[" + codec.encodeToString(e0) + "," + codec.encodeToString(e4) + "]");
    assertThat(gapsOf(agent)).isEqualTo("[[1,3]]");
    post("[" + codec.encodeToString(e2) + "]");
    assertThat(gapsOf(agent)).isEqualTo("[[1,1],[3,3]]");
    post("[" + codec.encodeToString(e1) + "," + codec.encodeToString(e3) + "]");
    assertThat(gapsOf(agent)).isEqualTo("[]");
    JsonNode view = agentView(agent);
    assertThat(view.path("lastSeq").asLong()).isEqualTo(4);
    assertThat(view.path("eventsStored").asLong()).isEqualTo(5);
    assertThat(view.path("line").asText()).isEqualTo(line);
  }

  @Test
  void anEventTheDatabaseRefusesIsDeadLetteredAndTheRestOfItsBatchIsStored() {
    jdbc.execute(
        """
        CREATE OR REPLACE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.serial = 'POISON-1' THEN RAISE EXCEPTION 'serial % refused by a test trigger', NEW.serial; END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER refuse_poison BEFORE INSERT ON unit FOR EACH ROW EXECUTE FUNCTION refuse_poison();
        """);
    try {
      String line = TestServers.unique("L");
      TestEvents events = new TestEvents(SITE, line, "edge-" + line);
      String before = codec.encodeToString(events.serialized("OK-1", "CTRL-900", "RUN-6"));
      String poison = codec.encodeToString(events.serialized("POISON-1", "CTRL-900", "RUN-6"));
      String after = codec.encodeToString(events.serialized("OK-2", "CTRL-900", "RUN-6"));
      JsonNode answer = post("[" + before + "," + poison + "," + after + "]").getBody();
      assertThat(answer.get(0).path("status").asText()).isEqualTo("stored");
      assertThat(answer.get(1).path("status").asText()).isEqualTo("rejected");
      assertThat(answer.get(1).path("reason").asText())
          .contains("cannot be stored", "the database refused it (SQLSTATE P0001)")
          .doesNotContain("refused by a test trigger"); // the database's words stay in its log
      assertThat(answer.get(2).path("status").asText()).isEqualTo("stored");
      assertThat(storedOnLine(line)).isEqualTo(2);
      assertThat(
              jdbc.queryForObject(
                  "SELECT count(*) FROM dead_letter WHERE reason LIKE '%SQLSTATE P0001%'"
                      + " AND convert_from(raw, 'UTF8') LIKE '%POISON-1%'",
                  Integer.class))
          .isEqualTo(1);
    } finally {
      jdbc.execute("DROP TRIGGER refuse_poison ON unit");
    }
  }

  @Test
  void anOversizeEventIsDeadLetteredWithItsSize() {
    String line = TestServers.unique("L");
    TestEvents events = new TestEvents(SITE, line, "edge-" + line);
    String big =
        codec
            .encodeToString(events.serialized("BIG-1", "CTRL-900", "RUN-7"))
            .replace("\"payload\":{", "\"padding\":\"" + "x".repeat(70_000) + "\",\"payload\":{");
    JsonNode answer = post("[" + big + "]").getBody();
    assertThat(answer.get(0).path("status").asText()).isEqualTo("rejected");
    assertThat(answer.get(0).path("reason").asText()).contains("exceeds the limit of 65536 bytes");
    assertThat(storedOnLine(line)).isZero();
  }

  @Test
  void deadLetterListLimitOutOfRangeIsA400NamingTheParameter() {
    ResponseEntity<JsonNode> answer =
        http.getForEntity("/api/dead-letters?limit=0", JsonNode.class);
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(answer.getBody().path("detail").asText()).contains("limit");
  }

  @Test
  void requestThatIsNotAJsonArrayIsRefusedSayingSo() {
    ResponseEntity<JsonNode> answer = post("{\"eventId\":1}");
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(answer.getBody().path("detail").asText()).contains("JSON array");
  }

  private String gapsOf(String agent) {
    StringBuilder sb = new StringBuilder("[");
    for (JsonNode gap : agentView(agent).path("gaps")) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      sb.append('[').append(gap.path("fromSeq").asLong()).append(',');
      sb.append(gap.path("toSeq").asLong()).append(']');
    }
    return sb.append(']').toString();
  }

  private JsonNode agentView(String agent) {
    for (JsonNode a : http.getForObject("/api/agents", JsonNode.class)) {
      if (a.path("agentId").asText().equals(agent)) {
        return a;
      }
    }
    throw new AssertionError("agent " + agent + " not listed");
  }

  private int storedOnLine(String line) {
    return jdbc.queryForObject("SELECT count(*) FROM event WHERE line = ?", Integer.class, line);
  }

  /** Every dead letter whose topic starts so, following the list's pages to the end. */
  private List<JsonNode> deadLettersOn(String topicPrefix) {
    List<JsonNode> matching = new java.util.ArrayList<>();
    String next = "/api/dead-letters?limit=1000";
    while (next != null) {
      ResponseEntity<JsonNode> page = http.getForEntity(next, JsonNode.class);
      page.getBody()
          .forEach(
              d -> {
                if (d.path("topic").asText().startsWith(topicPrefix)) {
                  matching.add(d);
                }
              });
      String link = page.getHeaders().getFirst(HttpHeaders.LINK);
      next = link == null ? null : link.substring(link.indexOf('<') + 1, link.indexOf('>'));
    }
    return matching;
  }

  private String payloadOf(JsonNode deadLetter) {
    byte[] raw =
        http.getForObject(
            "/api/dead-letters/" + deadLetter.path("id").asLong() + "/payload", byte[].class);
    return new String(raw, StandardCharsets.UTF_8);
  }

  private ResponseEntity<JsonNode> post(String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return http.postForEntity("/api/events", new HttpEntity<>(body, headers), JsonNode.class);
  }
}
