package org.unitrace.core.quality;

import java.util.List;
import lombok.RequiredArgsConstructor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.unitrace.contract.HoldCommand;
import org.unitrace.contract.Topics;
import org.unitrace.core.system.CommandChannel;

/**
 * Tells a unit's line agents that it is held or released: one retained message per held unit under
 * {@code unitrace/command/v1/{site}/{line}/hold/{serial}}, cleared on release. An agent that
 * (re)connects receives every hold in force; after the core's own reconnect it publishes all open
 * holds again and clears the releases of the last 30 days, so a change made while the broker was
 * away still reaches the line.
 */
@Component
@RequiredArgsConstructor
class HoldCommands {

  private static final Logger log = LoggerFactory.getLogger(HoldCommands.class);

  private static final String STATE =
      """
      SELECT u.serial, u.site, u.line, h.id, h.reason, h.held_at, h.released_at
      FROM unit u
      LEFT JOIN unit_hold h ON h.unit_serial = u.serial AND h.released_at IS NULL
      WHERE u.serial = ANY (?::text[]) AND u.site IS NOT NULL AND u.line IS NOT NULL
      ORDER BY u.serial
      """;

  private static final String SYNC =
      """
      SELECT u.serial, u.site, u.line, h.id, h.reason, h.held_at, h.released_at
      FROM unit_hold h JOIN unit u ON u.serial = h.unit_serial
      WHERE u.site IS NOT NULL AND u.line IS NOT NULL
        AND (h.released_at IS NULL OR h.released_at > now() - interval '30 days')
        AND NOT (h.released_at IS NOT NULL
                 AND EXISTS (SELECT 1 FROM unit_hold o WHERE o.unit_serial = h.unit_serial
                             AND o.released_at IS NULL))
      """;

  private final JdbcClient jdbc;
  private final ObjectProvider<CommandChannel> channel;

  private record State(
      String serial, String site, String line, Long holdId, String reason, String heldAt) {}

  @TransactionalEventListener
  void changed(Holds.HoldChanged change) {
    jdbc.sql(STATE)
        .param(change.serials().toArray(String[]::new))
        .query((rs, i) -> state(rs))
        .list()
        .forEach(this::publish);
  }

  @EventListener
  void reconnected(CommandChannel.Connected connected) {
    List<State> all = jdbc.sql(SYNC).query((rs, i) -> state(rs)).list();
    all.forEach(this::publish);
    if (!all.isEmpty()) {
      log.info("Hold commands re-published for {} units", all.size());
    }
  }

  private static State state(java.sql.ResultSet rs) throws java.sql.SQLException {
    boolean open = rs.getObject("id") != null && rs.getObject("released_at") == null;
    return new State(
        rs.getString("serial"),
        rs.getString("site"),
        rs.getString("line"),
        open ? rs.getLong("id") : null,
        open ? rs.getString("reason") : null,
        open ? rs.getObject("held_at", java.time.OffsetDateTime.class).toString() : null);
  }

  private void publish(State s) {
    CommandChannel c = channel.getIfAvailable();
    if (c == null) {
      return;
    }
    byte[] payload =
        s.holdId() == null
            ? HoldCommand.release()
            : new HoldCommand(s.serial(), s.holdId(), s.reason(), s.heldAt()).encode();
    String topic = Topics.holdCommand(s.site(), s.line(), s.serial());
    if (!c.publishRetained(topic, payload)) {
      log.warn("Hold command for {} not sent now (broker away); it goes on reconnect", s.serial());
    }
  }
}
