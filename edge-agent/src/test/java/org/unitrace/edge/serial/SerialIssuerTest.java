package org.unitrace.edge.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unitrace.edge.outbox.Outbox;
import org.unitrace.edge.outbox.OutboxSettings;
import org.unitrace.line.serialno.SerialContext;

/**
 * The issuer's position against a real SQLite store: reopened, it resumes after the last number
 * handed out; offline it works until the hand is empty; a new day takes a new block.
 */
class SerialIssuerTest {

  private static final String TEMPLATE = "{site:3}{line:2}{seq:5:daily}";
  private static final SerialContext MONDAY =
      new SerialContext("AKL", "L1", "S1", "A", LocalDate.of(2026, 11, 30));

  @TempDir Path dir;

  /** Hands out consecutive blocks, as the core does; switched off to play an outage. */
  private static final class Blocks implements BlockSource {
    long next;
    boolean reachable = true;
    final List<String> periods = new ArrayList<>();

    @Override
    public synchronized Block take(String template, String period, long count) {
      if (!reachable) {
        throw new IllegalStateException("core unreachable");
      }
      periods.add(period);
      Block b = new Block(next, next + count - 1);
      next += count;
      return b;
    }
  }

  private final Blocks core = new Blocks();
  private final SerialSettings settings = new SerialSettings(TEMPLATE, 0, 10, 0);

  @Test
  void aReopenedStoreResumesAfterTheLastNumberHandedOut() {
    Path file = dir.resolve("agent.db");
    Set<String> issued = new HashSet<>();
    try (Outbox store = Outbox.create(OutboxSettings.of(file, "edge-L1"));
        SerialIssuer issuer = new SerialIssuer(settings, store, core)) {
      for (int i = 0; i < 7; i++) {
        assertThat(issued.add(issuer.next(MONDAY))).isTrue();
      }
    }
    try (Outbox store = Outbox.open(OutboxSettings.of(file, "edge-L1"));
        SerialIssuer issuer = new SerialIssuer(settings, store, core)) {
      assertThat(issuer.remaining()).isEqualTo(3);
      String next = issuer.next(MONDAY);
      assertThat(issued).doesNotContain(next);
      assertThat(next).isEqualTo("AKLL100007");
    }
  }

  @Test
  void offlineItIssuesFromTheHandThenNamesTheTemplate() {
    try (Outbox store = Outbox.create(OutboxSettings.of(dir.resolve("a.db"), "edge-L1"));
        SerialIssuer issuer = new SerialIssuer(settings, store, core)) {
      issuer.next(MONDAY);
      core.reachable = false;
      for (int i = 0; i < 9; i++) {
        issuer.next(MONDAY);
      }
      assertThatThrownBy(() -> issuer.next(MONDAY))
          .isInstanceOf(SerialsExhaustedException.class)
          .hasMessageContaining(TEMPLATE)
          .hasMessageContaining("core unreachable");
    }
  }

  @Test
  void aNewDayTakesABlockForItsOwnPeriod() {
    try (Outbox store = Outbox.create(OutboxSettings.of(dir.resolve("d.db"), "edge-L1"));
        SerialIssuer issuer = new SerialIssuer(settings, store, core)) {
      issuer.next(MONDAY);
      String tuesday =
          issuer.next(new SerialContext("AKL", "L1", "S1", "A", MONDAY.date().plusDays(1)));
      assertThat(core.periods).hasSize(2).doesNotHaveDuplicates();
      assertThat(tuesday).isEqualTo("AKLL100010");
      assertThat(issuer.remaining()).isEqualTo(9);
    }
  }
}
