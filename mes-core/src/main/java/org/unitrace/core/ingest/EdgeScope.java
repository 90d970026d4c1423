package org.unitrace.core.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.unitrace.contract.Event;
import org.unitrace.contract.EventPayload.UnitSerialized;

/**
 * What an edge identity may affect: its own agents and the units on its line. An event is
 * line-bound when it came over MQTT (the broker's ACL ties the topic, and so the line, to the
 * agent's user) or over HTTP with an edge token (bound to a site and line); a person's token or
 * password with the {@code production} role is not line-bound. A line-bound event is refused as
 * spoofing when
 *
 * <ul>
 *   <li>its {@code agentId} belongs to another line: an agent id belongs to the line it first sent
 *       for ({@code agent.site/line}, or the first line-bound event of the batch when it is new);
 *   <li>or the unit it is about (status, binding or unbinding into it, station result, mark
 *       verification; not a serialization, which {@link SerialConflicts} judges) is on another
 *       line: serialized there, and not handed to this line, i.e. not bound (an open binding) as a
 *       component at this line. A unit not known yet, or known without a line, is taken: events may
 *       arrive before the unit's serialization.
 * </ul>
 *
 * One statement per batch, for all agents and units at once.
 */
@Component
@RequiredArgsConstructor
class EdgeScope {

  /** A line-bound event that reaches beyond its line, and why. */
  record Spoofing(EventIngestor.Accepted accepted, String path, String reason) {}

  /**
   * The claims whose unit is on another line are found first (OFFSET 0 keeps that step apart, they
   * are few or none), and only those are looked up among the component serials, through their
   * index. Flattened into one join, the planner, misjudging sizes while statistics lag behind
   * growing tables, checked the hand-over of every claim first, each by reading all the edges of
   * its line (the index by station).
   */
  private static final String OWNERS =
      """
      SELECT 'agent', agent_id, site, line, NULL, NULL FROM agent WHERE agent_id = ANY(?)
      UNION ALL
      SELECT 'unit', f.serial, f.owner_site, f.owner_line, f.site, f.line
        FROM (SELECT c.serial, c.site, c.line, u.site AS owner_site, u.line AS owner_line
                FROM unnest(?::text[], ?::text[], ?::text[]) AS c(serial, site, line)
                JOIN unit u ON u.serial = c.serial
               WHERE u.line IS NOT NULL AND (u.site <> c.site OR u.line <> c.line)
              OFFSET 0) f
       WHERE NOT EXISTS (SELECT 1
                           FROM (SELECT uc.site, uc.line FROM unit_component uc
                                  WHERE uc.component_serial = f.serial AND uc.unbound_at IS NULL
                                 OFFSET 0) h
                          WHERE h.site = f.site AND h.line = f.line)
      """;

  private final JdbcTemplate jdbc;

  private record Line(String site, String line) {
    @Override
    public String toString() {
      return site + "/" + line;
    }
  }

  private record UnitClaim(String serial, Line line) {}

  /** The line-bound events of {@code accepted} that reach beyond their line. */
  List<Spoofing> find(List<EventIngestor.Accepted> accepted) {
    Set<String> agents = new LinkedHashSet<>();
    Set<UnitClaim> units = new LinkedHashSet<>();
    for (EventIngestor.Accepted a : accepted) {
      if (lineBound(a.incoming())) {
        Event e = a.event();
        agents.add(e.agentId());
        String serial = e.payload().unitSerial();
        if (serial != null && !(e.payload() instanceof UnitSerialized)) {
          units.add(new UnitClaim(serial, new Line(e.site(), e.line())));
        }
      }
    }
    if (agents.isEmpty()) {
      return List.of();
    }
    Owners owners = owners(agents, units);
    Map<String, Line> agentLine = owners.agents();
    Map<String, Line> serializedInBatch = new HashMap<>();
    List<Spoofing> spoofing = new ArrayList<>();
    for (EventIngestor.Accepted a : accepted) {
      Event e = a.event();
      Line line = new Line(e.site(), e.line());
      if (!lineBound(a.incoming())) {
        continue;
      }
      Line agentOwner = agentLine.putIfAbsent(e.agentId(), line);
      if (agentOwner != null && !agentOwner.equals(line)) {
        spoofing.add(
            new Spoofing(
                a,
                "$.agentId",
                "spoofing: agent %s belongs to %s; %s may not send as it for %s"
                    .formatted(e.agentId(), agentOwner, who(a.incoming()), line)));
        continue;
      }
      String serial = e.payload().unitSerial();
      if (serial == null) {
        continue;
      }
      if (e.payload() instanceof UnitSerialized) {
        serializedInBatch.putIfAbsent(serial, line);
        continue;
      }
      Line unitOwner = owners.foreignUnits().get(new UnitClaim(serial, line));
      if (unitOwner == null) {
        Line inBatch = serializedInBatch.get(serial);
        unitOwner = inBatch == null || inBatch.equals(line) ? null : inBatch;
      }
      if (unitOwner != null) {
        spoofing.add(
            new Spoofing(
                a,
                "$.payload." + serialField(e),
                ("spoofing: unit %s is on %s (serialized there, not handed to %s); agent %s of %s"
                        + " may not send %s for it")
                    .formatted(serial, unitOwner, line, e.agentId(), who(a.incoming()), e.type())));
      }
    }
    return spoofing;
  }

  /** The registered line of each agent; the units claimed from a line they are not on. */
  private record Owners(Map<String, Line> agents, Map<UnitClaim, Line> foreignUnits) {}

  private Owners owners(Set<String> agents, Set<UnitClaim> units) {
    Owners owners = new Owners(new HashMap<>(), new HashMap<>());
    Object[][] columns = new Object[3][units.size()];
    int row = 0;
    for (UnitClaim u : units) {
      columns[0][row] = u.serial();
      columns[1][row] = u.line().site();
      columns[2][row++] = u.line().line();
    }
    jdbc.execute(
        (Connection con) -> {
          try (PreparedStatement ps = con.prepareStatement(OWNERS)) {
            ps.setArray(1, con.createArrayOf("text", agents.toArray()));
            for (int c = 0; c < columns.length; c++) {
              ps.setArray(c + 2, con.createArrayOf("text", columns[c]));
            }
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                Line owner = new Line(rs.getString(3), rs.getString(4));
                if (rs.getString(1).equals("agent")) {
                  owners.agents().put(rs.getString(2), owner);
                } else {
                  Line claimed = new Line(rs.getString(5), rs.getString(6));
                  owners.foreignUnits().put(new UnitClaim(rs.getString(2), claimed), owner);
                }
              }
            }
          }
          return null;
        });
    return owners;
  }

  static boolean lineBound(Incoming in) {
    return "mqtt".equals(in.source()) || in.scopeSite() != null;
  }

  private static String who(Incoming in) {
    return in.scopeSite() != null
        ? in.identity() + " (" + in.scopeSite() + "/" + in.scopeLine() + ")"
        : "MQTT topic '" + in.topic() + "'";
  }

  private static String serialField(Event e) {
    return switch (e.type()) {
      case UnitStatusChanged, MarkVerified -> "serial";
      default -> "unitSerial";
    };
  }
}
