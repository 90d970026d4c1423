package org.unitrace.edge.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventPayload.UnitSerialized;
import org.unitrace.contract.EventRejectedException;

class OutboxTest {

  private static final Instant AT = Instant.parse("2026-11-28T10:15:30.123Z");

  @TempDir Path dir;

  private OutboxSettings settings() {
    return OutboxSettings.of(dir.resolve("outbox.db"), "edge-L1");
  }

  private static Event append(Outbox outbox, int n) {
    return outbox.append(
        "AKL", "L1", "MARK", null, new UnitSerialized("SN-" + n, "CTRL-900", "C", "WO-1"), AT);
  }

  @Test
  void seqStartsAtZeroAndContinuesAcrossCloseAndReopen() {
    try (Outbox outbox = Outbox.create(settings())) {
      assertThat(append(outbox, 1).seq()).isZero();
      assertThat(append(outbox, 2).seq()).isEqualTo(1);
    }
    try (Outbox outbox = Outbox.open(settings())) {
      assertThat(append(outbox, 3).seq()).isEqualTo(2);
      assertThat(outbox.pending(10)).extracting(Event::seq).containsExactly(0L, 1L, 2L);
    }
  }

  @Test
  void pendingEventsAreForwardedAsTheBytesStoredWithTheirTopic() {
    try (Outbox outbox = Outbox.create(settings())) {
      Event e = append(outbox, 1);
      List<Outbox.Stored> stored = outbox.pendingStored(10);

      assertThat(stored).hasSize(1);
      assertThat(stored.get(0).eventId()).isEqualTo(e.eventId());
      assertThat(stored.get(0).topic()).isEqualTo("unitrace/v1/AKL/L1/MARK/UnitSerialized");
      assertThat(new org.unitrace.contract.EventCodec().decode(stored.get(0).body())).isEqualTo(e);
    }
  }

  @Test
  void anOutboxOfTheFirstSchemaIsUpgradedAndItsPendingEventsStillGoOut() throws Exception {
    Event old;
    try (Outbox outbox = Outbox.create(settings())) {
      old = append(outbox, 1);
    }
    // as the previous agent left it: no topic column, schema version 1
    try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + settings().file());
        var st = db.createStatement()) {
      st.executeUpdate("ALTER TABLE outbox_event DROP COLUMN topic");
      st.executeUpdate("PRAGMA user_version = 1");
    }
    try (Outbox outbox = Outbox.open(settings())) {
      Event next = append(outbox, 2);

      assertThat(outbox.pendingStored(10))
          .extracting(Outbox.Stored::eventId, Outbox.Stored::topic)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  old.eventId(), "unitrace/v1/AKL/L1/MARK/UnitSerialized"),
              org.assertj.core.groups.Tuple.tuple(
                  next.eventId(), "unitrace/v1/AKL/L1/MARK/UnitSerialized"));
    }
  }

  @Test
  void writesSubmittedTogetherAreNumberedInSubmissionOrderAndLaterStateWins() throws Exception {
    List<java.util.concurrent.CompletableFuture<List<Event>>> written = new ArrayList<>();
    try (Outbox outbox = Outbox.create(settings())) {
      for (int i = 0; i < 500; i++) {
        written.add(
            outbox.appendAsync(
                "AKL",
                "L1",
                List.of(
                    new Outbox.Draft(
                        "MARK", new UnitSerialized("SN-" + i, "CTRL-900", "C", "WO-1"), AT)),
                i % 2 == 0 ? Map.of("k", "v" + i) : Map.of("k", "")));
      }
      for (int i = 0; i < written.size(); i++) {
        assertThat(written.get(i).get()).extracting(Event::seq).containsExactly((long) i);
      }
      assertThat(outbox.pending(1_000))
          .extracting(Event::seq)
          .containsExactlyElementsOf(LongStream.range(0, 500).boxed().toList());
      assertThat(outbox.state()).doesNotContainKey("k"); // the last write (499) removed it
      outbox.appendAll("AKL", "L1", List.of(), Map.of("k", "last"));
    }
    try (Outbox outbox = Outbox.open(settings())) {
      assertThat(outbox.state()).containsEntry("k", "last");
      assertThat(append(outbox, 500).seq()).isEqualTo(500);
    }
  }

  @Test
  void stateIsKeptAcrossReopenAndAnEmptyValueRemovesItsKey() {
    try (Outbox outbox = Outbox.create(settings())) {
      outbox.appendAll("AKL", "L1", List.of(), Map.of("bound.555", "U1 1", "bound.556", "U2 2"));
      outbox.appendAll("AKL", "L1", List.of(), Map.of("bound.555", ""));
    }
    try (Outbox outbox = Outbox.open(settings())) {
      assertThat(outbox.state()).containsExactly(Map.entry("bound.556", "U2 2"));
    }
  }

  @Test
  void seqContinuesAfterEveryEventWasSentAndDeleted() {
    try (Outbox outbox = Outbox.create(settings())) {
      Event first = append(outbox, 1);
      outbox.markSent(List.of(first.eventId()));
    }
    try (Outbox outbox = Outbox.open(settings())) {
      assertThat(outbox.pendingCount()).isZero();
      assertThat(append(outbox, 2).seq()).isEqualTo(1);
    }
  }

  @Test
  void concurrentAppendsFromSeveralThreadsGetUniqueGaplessSeqs() throws Exception {
    int threads = 6;
    int perThread = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (Outbox outbox = Outbox.create(settings())) {
      List<Callable<List<Event>>> jobs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int base = t * perThread;
        jobs.add(
            () -> {
              List<Event> mine = new ArrayList<>();
              for (int i = 0; i < perThread; i++) {
                mine.add(append(outbox, base + i));
              }
              return mine;
            });
      }
      List<Long> seqs = new ArrayList<>();
      for (Future<List<Event>> done : pool.invokeAll(jobs)) {
        done.get().forEach(e -> seqs.add(e.seq()));
      }
      Long[] expected = LongStream.range(0, threads * perThread).boxed().toArray(Long[]::new);
      assertThat(seqs).containsExactlyInAnyOrder(expected);
      assertThat(outbox.pending(threads * perThread))
          .extracting(Event::seq)
          .containsExactly(expected);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void markSentRemovesEventsFromPending() {
    try (Outbox outbox = Outbox.create(settings())) {
      Event first = append(outbox, 1);
      Event second = append(outbox, 2);
      Event third = append(outbox, 3);

      outbox.markSent(List.of(first.eventId(), third.eventId(), UUID.randomUUID()));

      assertThat(outbox.pending(10)).containsExactly(second);
      assertThat(outbox.pendingCount()).isEqualTo(1);
    }
  }

  @Test
  void aCommitTellsItsListenersBeforeTheAppenderHearsOfIt() {
    try (Outbox outbox = Outbox.create(settings())) {
      List<Integer> pendingWhenTold = new java.util.concurrent.CopyOnWriteArrayList<>();
      outbox.onCommitted(() -> pendingWhenTold.add(outbox.pendingCount()));

      append(outbox, 1);

      assertThat(pendingWhenTold).containsExactly(1);
    }
  }

  @Test
  void acknowledgementsMarkedWithoutWaitingAreOnDiskWhenTheirFutureCompletes() throws Exception {
    try (Outbox outbox = Outbox.create(settings())) {
      Event first = append(outbox, 1);
      Event second = append(outbox, 2);

      outbox.markSentAsync(List.of(first.eventId())).get();

      assertThat(outbox.pending(10)).containsExactly(second);
    }
    try (Outbox outbox = Outbox.open(settings())) {
      assertThat(outbox.pendingCount()).isEqualTo(1);
    }
  }

  @Test
  void sentEventsKeptForRetentionAreNoLongerPending() {
    try (Outbox outbox = Outbox.create(settings().withSentRetention(Duration.ofHours(1)))) {
      Event first = append(outbox, 1);
      Event second = append(outbox, 2);

      outbox.markSent(List.of(first.eventId()));
      outbox.markSent(List.of(first.eventId()));

      assertThat(outbox.pending(10)).containsExactly(second);
      assertThat(outbox.pendingCount()).isEqualTo(1);
    }
  }

  @Test
  void oldestPendingIsWhenTheNextEventToGoHappened() {
    try (Outbox outbox = Outbox.create(settings())) {
      assertThat(outbox.oldestPending()).isEmpty();
      Event first = append(outbox, 1);
      outbox.append("AKL", "L1", "MARK", null, first.payload(), AT.plusSeconds(60));

      assertThat(outbox.oldestPending()).contains(AT);
      outbox.markSent(List.of(first.eventId()));
      assertThat(outbox.oldestPending()).contains(AT.plusSeconds(60));
    }
  }

  @Test
  void eventsOfAnotherAgentGetTheirOwnSeq() {
    try (Outbox outbox = Outbox.create(settings())) {
      append(outbox, 1);
      Event other =
          outbox.append(
              "AKL", "L1", "MARK", "edge-L2", new UnitSerialized("SN-9", "P", "A", "WO-2"), AT);

      assertThat(other.agentId()).isEqualTo("edge-L2");
      assertThat(other.seq()).isZero();
    }
  }

  @Test
  void anEventTheCoreWouldRejectIsRefusedWithoutConsumingASeq() {
    try (Outbox outbox = Outbox.create(settings())) {
      assertThatThrownBy(
              () ->
                  outbox.append(
                      "A K L", "L1", "MARK", null, new UnitSerialized("SN", "P", "A", "W"), AT))
          .isInstanceOf(EventRejectedException.class);

      assertThat(append(outbox, 1).seq()).isZero();
      assertThat(outbox.pendingCount()).isEqualTo(1);
    }
  }

  @Test
  void openingAMissingFileNamesThePath() {
    Path missing = dir.resolve("gone.db");

    assertThatThrownBy(() -> Outbox.open(OutboxSettings.of(missing, "edge-L1")))
        .isInstanceOf(OutboxException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
  }

  @Test
  void openingACorruptFileNamesThePath() throws Exception {
    Path corrupt = dir.resolve("corrupt.db");
    Files.writeString(corrupt, "this is no SQLite database ".repeat(200), StandardCharsets.UTF_8);

    assertThatThrownBy(() -> Outbox.open(OutboxSettings.of(corrupt, "edge-L1")))
        .isInstanceOf(OutboxException.class)
        .hasMessageContaining(corrupt.toString());
  }

  @Test
  void creatingOverAnExistingOutboxIsRefused() {
    Outbox.create(settings()).close();

    assertThatThrownBy(() -> Outbox.create(settings()))
        .isInstanceOf(OutboxException.class)
        .hasMessageContaining(settings().file().toString())
        .hasMessageContaining("already exists");
  }
}
