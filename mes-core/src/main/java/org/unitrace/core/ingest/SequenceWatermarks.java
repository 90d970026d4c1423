package org.unitrace.core.ingest;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.unitrace.contract.Event;

/**
 * Each agent numbers its events 0, 1, 2, ... without gaps. This keeps, per agent, the highest
 * {@code seq} seen and the ranges still missing below it; a late event (from a drained backlog)
 * fills its place in a gap. Agents are locked row by row, so several core instances agree. An agent
 * keeps the line it first sent for ({@link EdgeScope} refuses a line-bound event claiming another).
 */
@Component
@RequiredArgsConstructor
class SequenceWatermarks {

  private static final String LOCK_AGENT =
      """
      INSERT INTO agent (agent_id, site, line, last_seq) VALUES (?, ?, ?, -1)
      ON CONFLICT (agent_id) DO UPDATE SET last_seq = agent.last_seq
      RETURNING last_seq
      """;

  private static final String UPDATE_AGENT =
      """
      UPDATE agent SET last_seq = ?, last_seen_at = ?, events_stored = events_stored + ?
       WHERE agent_id = ?
      """;

  private final JdbcTemplate jdbc;

  void record(List<Event> events) {
    Map<String, List<Event>> byAgent =
        events.stream()
            .collect(Collectors.groupingBy(Event::agentId, TreeMap::new, Collectors.toList()));
    // TreeMap: agents are always locked in the same order, so two instances cannot deadlock
    byAgent.forEach(this::recordAgent);
  }

  private void recordAgent(String agentId, List<Event> events) {
    Event first = events.get(0);
    long last = jdbc.queryForObject(LOCK_AGENT, Long.class, agentId, first.site(), first.line());
    Gaps gaps = Gaps.load(jdbc, agentId);
    for (long seq : events.stream().mapToLong(Event::seq).sorted().toArray()) {
      if (seq > last) {
        if (seq > last + 1) {
          gaps.add(last + 1, seq - 1);
        }
        last = seq;
      } else {
        gaps.fill(seq);
      }
    }
    gaps.save(jdbc, agentId);
    jdbc.update(UPDATE_AGENT, last, Timestamp.from(Instant.now()), events.size(), agentId);
  }

  /** An agent's missing ranges, inclusive at both ends. */
  static final class Gaps {
    private final List<long[]> ranges;
    private boolean changed;

    Gaps(List<long[]> ranges) {
      this.ranges = new ArrayList<>(ranges);
    }

    static Gaps load(JdbcTemplate jdbc, String agentId) {
      return new Gaps(
          jdbc.query(
              "SELECT from_seq, to_seq FROM agent_seq_gap WHERE agent_id = ? ORDER BY from_seq",
              (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)},
              agentId));
    }

    void add(long from, long to) {
      ranges.add(new long[] {from, to});
      changed = true;
    }

    void fill(long seq) {
      for (int i = 0; i < ranges.size(); i++) {
        long[] r = ranges.get(i);
        if (seq >= r[0] && seq <= r[1]) {
          ranges.remove(i);
          if (seq > r[0]) {
            ranges.add(new long[] {r[0], seq - 1});
          }
          if (seq < r[1]) {
            ranges.add(new long[] {seq + 1, r[1]});
          }
          changed = true;
          return;
        }
      }
    }

    List<long[]> ranges() {
      return ranges;
    }

    void save(JdbcTemplate jdbc, String agentId) {
      if (!changed) {
        return;
      }
      jdbc.update("DELETE FROM agent_seq_gap WHERE agent_id = ?", agentId);
      jdbc.batchUpdate(
          "INSERT INTO agent_seq_gap (agent_id, from_seq, to_seq) VALUES (?, ?, ?)",
          ranges.stream().map(r -> new Object[] {agentId, r[0], r[1]}).toList());
    }
  }
}
