package org.unitrace.core.genealogy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventPayload.UnitStatus;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.TestEvents;
import org.unitrace.core.support.TestServers;

/**
 * {@code GET /api/units/{serial}} answers the unit as of one moment. Two cores store a line's
 * events side by side, so a unit's completion can be committed while its answer is being read: the
 * status must then be the one the answered timeline ends in, never a status whose event is missing.
 */
class UnitSnapshotIT extends CoreITSupport {

  @MockitoSpyBean GenealogyRepository repository;

  @Test
  void aCompletionStoredWhileTheUnitIsReadIsInTheAnswerWhollyOrNotAtAll() throws Exception {
    String line = TestServers.unique("L");
    TestEvents events = new TestEvents(SITE, line, "edge-" + line);
    String serial = TestServers.unique("SNAP-");
    postStored(List.of(events.serialized(serial, "CTRL-900", "RUN-" + line)));
    Event completed = events.status(serial, UnitStatus.COMPLETED);

    // the completion is committed by another request after the timeline is read, before the row
    AtomicBoolean once = new AtomicBoolean();
    doAnswer(
            read -> {
              Object timeline = read.callRealMethod();
              if (once.compareAndSet(false, true)) {
                Thread other = new Thread(() -> postStored(List.of(completed)));
                other.start();
                other.join(30_000);
              }
              return timeline;
            })
        .when(repository)
        .timeline(anyString(), anyInt());

    JsonNode during = http.getForEntity("/api/units/{s}", JsonNode.class, serial).getBody();
    assertThat(once).isTrue();
    assertThat(during.path("status").asText()).isNotEqualTo("COMPLETED");
    assertThat(during.path("timeline").findValuesAsText("type"))
        .doesNotContain("UnitStatusChanged");

    JsonNode after = http.getForEntity("/api/units/{s}", JsonNode.class, serial).getBody();
    assertThat(after.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(after.path("timeline").findValuesAsText("type")).contains("UnitStatusChanged");
  }
}
