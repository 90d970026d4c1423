package org.unitrace.core.serial;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.system.ConflictException;

/**
 * Allocates ranges of a template's sequence. The counter row of (template, period) is locked by one
 * {@code INSERT ... ON CONFLICT DO UPDATE ... RETURNING}, so concurrent requests queue on it and
 * never receive overlapping ranges.
 */
@Service
@RequiredArgsConstructor
class SerialBlocks {

  private final JdbcClient jdbc;
  private final AuditLog audit;

  @Transactional
  SerialBlock allocate(BlockRequest r, String by) {
    long capacity = SequenceWidth.capacity(r.template());
    long next =
        jdbc.sql(
                """
                INSERT INTO serial_counter (template, period, next_seq) VALUES (?, ?, 0)
                ON CONFLICT (template, period) DO UPDATE SET next_seq = serial_counter.next_seq
                RETURNING next_seq
                """)
            .params(r.template(), r.period())
            .query(Long.class)
            .single();
    long remaining = capacity - next;
    if (r.count() > remaining) {
      throw new ConflictException(
          "serial template %s, period '%s': %d numbers asked, %d remain (of %d)"
              .formatted(r.template(), r.period(), r.count(), remaining, capacity));
    }
    long last = next + r.count() - 1;
    jdbc.sql("UPDATE serial_counter SET next_seq = ? WHERE template = ? AND period = ?")
        .params(last + 1, r.template(), r.period())
        .update();
    SerialBlock block =
        jdbc.sql(
                """
                INSERT INTO serial_block (template, period, first_seq, last_seq, site, line,
                                          agent_id, allocated_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                RETURNING *
                """)
            .params(r.template(), r.period(), next, last, r.site(), r.line(), r.agentId(), by)
            .query(SerialBlocks::row)
            .single();
    audit.record(
        "serial_block.allocate", "serial_block", Long.toString(block.id()), null, block, null);
    return block;
  }

  List<SerialBlock> list(String site, String line, String template) {
    return jdbc.sql(
            """
            SELECT * FROM serial_block
            WHERE (CAST(? AS text) IS NULL OR site = ?)
              AND (CAST(? AS text) IS NULL OR line = ?)
              AND (CAST(? AS text) IS NULL OR template = ?)
            ORDER BY id
            """)
        .params(site, site, line, line, template, template)
        .query(SerialBlocks::row)
        .list();
  }

  private static SerialBlock row(ResultSet rs, int n) throws SQLException {
    return new SerialBlock(
        rs.getLong("id"),
        rs.getString("template"),
        rs.getString("period"),
        rs.getLong("first_seq"),
        rs.getLong("last_seq"),
        rs.getString("site"),
        rs.getString("line"),
        rs.getString("agent_id"),
        rs.getString("allocated_by"),
        rs.getTimestamp("allocated_at").toInstant());
  }
}
