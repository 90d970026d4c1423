package org.unitrace.core.location;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.system.ConflictException;
import org.unitrace.core.system.NotFoundException;
import org.unitrace.core.system.RecordRows;

/**
 * The location tree and what stands in it. A kind sits under the kind before it (SITE, WAREHOUSE,
 * ZONE, BIN), so a bin is always in a zone of a warehouse of a site.
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class Locations {

  static final List<String> KINDS = List.of("SITE", "WAREHOUSE", "ZONE", "BIN");

  private final JdbcClient jdbc;
  private final AuditLog audit;

  public record Location(
      String code,
      String name,
      String kind,
      String parent,
      String site,
      String createdBy,
      OffsetDateTime createdAt) {}

  record ProductCount(String partNumber, String revision, long units) {}

  record StockedUnit(
      String serial, String partNumber, String revision, String location, OffsetDateTime since) {}

  record Contents(
      Location location,
      boolean includesSublocations,
      long units,
      List<ProductCount> perProduct,
      List<StockedUnit> listed) {}

  record CompletionLocation(
      String site, String line, String location, String updatedBy, OffsetDateTime updatedAt) {}

  @Transactional
  Location create(String code, String name, String kind, String parent, String by) {
    if (code == null || code.isBlank() || code.length() > 100) {
      throw new IllegalArgumentException("'code' is required, at most 100 characters");
    }
    String k = kind == null ? null : kind.strip().toUpperCase();
    if (!KINDS.contains(k)) {
      throw new IllegalArgumentException("'kind' must be one of " + KINDS + ", was " + kind);
    }
    if (k.equals("SITE") != (parent == null || parent.isBlank())) {
      throw new IllegalArgumentException(
          k.equals("SITE")
              ? "a SITE has no 'parent'"
              : "a %s needs a 'parent' (a %s)".formatted(k, KINDS.get(KINDS.indexOf(k) - 1)));
    }
    if (!k.equals("SITE")) {
      Location up = find(parent).orElseThrow(() -> new NotFoundException("location", parent));
      String expected = KINDS.get(KINDS.indexOf(k) - 1);
      if (!up.kind().equals(expected)) {
        throw new IllegalArgumentException(
            "a %s goes under a %s; parent '%s' is a %s".formatted(k, expected, parent, up.kind()));
      }
    }
    if (find(code.strip()).isPresent()) {
      throw new ConflictException("location '%s' exists already".formatted(code.strip()));
    }
    jdbc.sql("INSERT INTO location (code, name, kind, parent, created_by) VALUES (?, ?, ?, ?, ?)")
        .params(code.strip(), name, k, k.equals("SITE") ? null : parent, by)
        .update();
    Location created = find(code.strip()).orElseThrow();
    audit.record("location.create", "location", created.code(), null, created, null);
    return created;
  }

  public Optional<Location> find(String code) {
    return jdbc.sql(SELECT + " WHERE l.code = ?").param(code).query(Location.class).optional();
  }

  public Location require(String code, String what) {
    return find(code).orElseThrow(() -> new NotFoundException(what, code));
  }

  List<Location> all() {
    return jdbc.sql(SELECT + " ORDER BY site, l.code").query(RecordRows.of(Location.class)).list();
  }

  /** What stands at a location (and, when {@code deep}, in the locations under it). */
  Contents contents(String code, boolean deep, int limit) {
    Location location = require(code, "location");
    String scope =
        """
        WITH RECURSIVE scope AS (
          SELECT code FROM location WHERE code = :code
          UNION ALL
          SELECT l.code FROM location l JOIN scope s ON l.parent = s.code WHERE :deep
        )
        """;
    List<ProductCount> counts =
        jdbc.sql(
                scope
                    + """
                    SELECT u.part_number, u.revision, count(*) AS units
                      FROM unit_place p JOIN scope s ON s.code = p.location
                      JOIN unit u ON u.serial = p.serial
                     GROUP BY u.part_number, u.revision ORDER BY u.part_number, u.revision
                    """)
            .param("code", code)
            .param("deep", deep)
            .query(RecordRows.of(ProductCount.class))
            .list();
    List<StockedUnit> listed =
        jdbc.sql(
                scope
                    + """
                    SELECT p.serial, u.part_number, u.revision, p.location, p.since
                      FROM unit_place p JOIN scope s ON s.code = p.location
                      JOIN unit u ON u.serial = p.serial
                     ORDER BY p.serial LIMIT :limit
                    """)
            .param("code", code)
            .param("deep", deep)
            .param("limit", limit)
            .query(RecordRows.of(StockedUnit.class))
            .list();
    long total = counts.stream().mapToLong(ProductCount::units).sum();
    return new Contents(location, deep, total, counts, listed);
  }

  @Transactional
  CompletionLocation setCompletion(String site, String line, String location, String by) {
    Location target = require(location, "location");
    Optional<CompletionLocation> before = completion(site, line);
    jdbc.sql(
            """
            INSERT INTO line_completion_location (site, line, location, updated_by)
            VALUES (?, ?, ?, ?)
            ON CONFLICT (site, line) DO UPDATE
               SET location = excluded.location, updated_by = excluded.updated_by,
                   updated_at = now()
            """)
        .params(site, line, target.code(), by)
        .update();
    CompletionLocation after = completion(site, line).orElseThrow();
    audit.record(
        "line.completion-location", "line", site + "/" + line, before.orElse(null), after, null);
    return after;
  }

  Optional<CompletionLocation> completion(String site, String line) {
    return jdbc.sql(
            "SELECT site, line, location, updated_by, updated_at FROM line_completion_location"
                + " WHERE site = ? AND line = ?")
        .params(site, line)
        .query(CompletionLocation.class)
        .optional();
  }

  /** The site a location belongs to (its root), for the history's site column. */
  public String siteOf(String code) {
    return find(code).map(Location::site).orElse(null);
  }

  private static final String SELECT =
      """
      SELECT l.code, l.name, l.kind, l.parent, l.created_by, l.created_at,
             (WITH RECURSIVE up AS (
                SELECT code, parent FROM location WHERE code = l.code
                UNION ALL
                SELECT p.code, p.parent FROM location p JOIN up ON p.code = up.parent)
              SELECT code FROM up WHERE parent IS NULL) AS site
        FROM location l
      """;
}
