package org.unitrace.core.serial;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventCodec;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.TestEvents;
import org.unitrace.core.support.TestServers;

/**
 * A serial serialized a second time by another event is refused: dead letter and alert naming the
 * first serialization, the unit untouched; the same event sent again stays a harmless duplicate.
 */
class SerialDuplicateIT extends CoreITSupport {

  private final EventCodec codec = new EventCodec();

  @Test
  void aSecondSerializationOfTheSameSerialIsRejectedWithAnAlertAndTheUnitKept() {
    String line = TestServers.unique("L");
    String serial = TestServers.unique("DUPSER-");
    Event first = new TestEvents(SITE, line, "edge-a-" + line).serialized(serial, "CTRL-900", "R1");
    Event second =
        new TestEvents(SITE, line, "edge-b-" + line).serialized(serial, "CTRL-901", "R2");

    assertThat(post(first).get(0).path("status").asText()).isEqualTo("stored");
    assertThat(post(first).get(0).path("status").asText()).isEqualTo("duplicate");
    JsonNode refused = post(second).get(0);

    assertThat(refused.path("status").asText()).isEqualTo("rejected");
    assertThat(refused.path("reason").asText())
        .contains(serial)
        .contains(first.eventId().toString())
        .contains("edge-a-" + line);
    assertThat(
            jdbc.queryForObject(
                "SELECT part_number FROM unit WHERE serial = ?", String.class, serial))
        .isEqualTo("CTRL-900");
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM dead_letter WHERE event_id = ? AND reason LIKE ?",
                Integer.class,
                second.eventId(),
                "%" + serial + "%"))
        .isEqualTo(1);
    JsonNode alerts = http.getForObject("/api/alerts?serial={s}", JsonNode.class, serial);
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).path("kind").asText()).isEqualTo("DUPLICATE_SERIAL");
    assertThat(alerts.get(0).path("eventId").asText()).isEqualTo(second.eventId().toString());
  }

  private JsonNode post(Event event) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return http.postForObject(
        "/api/events",
        new HttpEntity<>("[" + codec.encodeToString(event) + "]", headers),
        JsonNode.class);
  }
}
