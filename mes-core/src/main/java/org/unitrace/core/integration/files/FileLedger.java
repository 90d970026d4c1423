package org.unitrace.core.integration.files;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code integration_file} ledger and its leases: plain SQL, joined to the caller's transaction
 * (the claim of an import commits with the import, or disappears with it).
 */
@RequiredArgsConstructor
class FileLedger {

  /** A decided file as the ledger has it. */
  record Entry(
      long id,
      String outcome,
      String source,
      String fileName,
      long fileSize,
      OffsetDateTime fileModified,
      String movedTo,
      String report,
      OffsetDateTime at) {}

  private final JdbcClient jdbc;

  /**
   * Takes or renews the lease on a file for {@code holder}: false while another instance holds an
   * unexpired lease on it.
   */
  boolean lease(String flow, String source, String fileName, String holder, Duration ttl) {
    return !jdbc.sql(
            """
            INSERT INTO integration_file_lease AS l (flow, source, file_name, holder, expires_at)
            VALUES (?, ?, ?, ?, now() + make_interval(secs => ?))
            ON CONFLICT (flow, source, file_name) DO UPDATE
               SET holder = excluded.holder, expires_at = excluded.expires_at
             WHERE l.holder = excluded.holder OR l.expires_at < now()
            RETURNING holder
            """)
        .params(flow, source, fileName, holder, (double) ttl.toSeconds())
        .query(String.class)
        .list()
        .isEmpty();
  }

  long nextId() {
    return jdbc.sql("SELECT nextval('integration_file_id_seq')").query(Long.class).single();
  }

  /** The decision already taken on this very file (same place, name, size, time and content). */
  Optional<Entry> decided(DroppedFile f, String sha256) {
    return jdbc.sql(
            SELECT
                + """
                 WHERE flow = ? AND source = ? AND file_name = ? AND file_size = ?
                   AND file_modified IS NOT DISTINCT FROM ? AND sha256 = ?
                 ORDER BY id DESC LIMIT 1
                """)
        .params(f.flow(), f.source(), f.name(), f.size(), timestamp(f.modified()), sha256)
        .query(Entry.class)
        .optional();
  }

  /** The import of this content in this flow, if there was one. */
  Optional<Entry> imported(String flow, String sha256) {
    return jdbc.sql(SELECT + " WHERE flow = ? AND sha256 = ? AND outcome = 'imported'")
        .params(flow, sha256)
        .query(Entry.class)
        .optional();
  }

  /**
   * Records a decision. For {@code imported} the claim is conditional: false when the content was
   * imported already (another instance's claim, once its transaction ends, wins).
   */
  boolean record(
      long id,
      DroppedFile f,
      String sha256,
      String outcome,
      String movedTo,
      String detailJson,
      String report,
      String identity,
      String instance) {
    return !jdbc.sql(
            """
            INSERT INTO integration_file (id, flow, source, file_name, file_size, file_modified,
                                          sha256, outcome, moved_to, detail, report, identity,
                                          instance)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)
            ON CONFLICT (flow, sha256) WHERE outcome = 'imported' DO NOTHING
            RETURNING id
            """)
        .params(
            id,
            f.flow(),
            f.source(),
            f.name(),
            f.size(),
            timestamp(f.modified()),
            sha256,
            outcome,
            movedTo,
            detailJson,
            report,
            identity,
            instance)
        .query(Long.class)
        .list()
        .isEmpty();
  }

  void detail(long id, String detailJson) {
    jdbc.sql("UPDATE integration_file SET detail = ?::jsonb WHERE id = ?")
        .params(detailJson, id)
        .update();
  }

  private static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  private static final String SELECT =
      """
      SELECT id, outcome, source, file_name, file_size, file_modified, moved_to, report, at
        FROM integration_file
      """;
}
