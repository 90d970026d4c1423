package org.unitrace.core.genealogy;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Forward trace in one statement: the seed units of the query's kind ({@link TraceSeeds}), then up
 * the current bindings to every unit that contains them, each with its shortest path; counted in
 * full, returned a page at a time, the page enriched with where each unit was last seen. A unit is
 * top-level when the walk found no current parent for it (the walk follows every one), so telling
 * top-level units apart costs no lookup of its own; only a unit where the walk stopped at {@link
 * GenealogyRepository#MAX_DEPTH} is looked up.
 */
@Repository
@RequiredArgsConstructor
class ForwardTrace {

  private final JdbcClient jdbc;

  /** Which part of the affected set to return. */
  record Page(int offset, int limit, boolean topLevelOnly) {
    static final Page ALL = new Page(0, Integer.MAX_VALUE, false);

    /** A page a caller asked for: {@code offset} from 0, {@code limit} 1 to {@code maxLimit}. */
    static Page asked(int offset, int limit, boolean topLevelOnly, int maxLimit) {
      if (offset < 0) {
        throw new IllegalArgumentException("parameter 'offset' must be 0 or more, was " + offset);
      }
      if (limit < 1 || limit > maxLimit) {
        throw new IllegalArgumentException(
            "parameter 'limit' must be 1..%d, was %d".formatted(maxLimit, limit));
      }
      return new Page(offset, limit, topLevelOnly);
    }
  }

  record Result(int total, int topLevel, List<WhereUsedView.AffectedUnit> units) {}

  /** What a page's rows go to as they are read. */
  interface PageRows {
    /** The whole set's counts, once, before the first unit (also when the page has none). */
    void counts(int total, int topLevel);

    void unit(Row row) throws SQLException;
  }

  Result trace(WhereUsedQuery query, Page page) {
    int[] totals = {0, 0};
    List<WhereUsedView.AffectedUnit> units = new ArrayList<>();
    page(
        query,
        page,
        new PageRows() {
          @Override
          public void counts(int total, int topLevel) {
            totals[0] = total;
            totals[1] = topLevel;
          }

          @Override
          public void unit(Row row) throws SQLException {
            units.add(row.unit());
          }
        });
    return new Result(totals[0], totals[1], units);
  }

  /** The page's units in order, straight from the result set, after the whole set's counts. */
  void page(WhereUsedQuery query, Page page, PageRows rows) {
    TraceSeeds.Seed seed = TraceSeeds.of(query);
    String affected =
        """
        WITH RECURSIVE seed AS (%s),
        up AS (
          SELECT s.unit_serial, s.depth, ARRAY[s.unit_serial] AS path FROM seed s
          UNION
          SELECT p.unit_serial, up.depth + 1, p.unit_serial || up.path
            FROM up JOIN unit_component p ON p.component_serial = up.unit_serial
           WHERE p.bound_at IS NOT NULL AND p.unbound_at IS NULL
             AND NOT p.unit_serial = ANY (up.path) AND up.depth < :maxDepth
        ), parents AS MATERIALIZED (
          SELECT DISTINCT path[2] AS child FROM up WHERE cardinality(path) > 1
        ), nearest AS (
          SELECT DISTINCT ON (unit_serial) unit_serial, depth, path
            FROM up ORDER BY unit_serial, depth
        ), flagged AS MATERIALIZED (
          SELECT n.*, NOT EXISTS (SELECT 1 FROM parents x WHERE x.child = n.unit_serial)
                      AND (n.depth < :maxDepth
                           OR NOT EXISTS (SELECT 1 FROM unit_component t
                                           WHERE t.component_serial = n.unit_serial
                                             AND t.bound_at IS NOT NULL AND t.unbound_at IS NULL))
                      AS top_level
            FROM nearest n
        ), counted AS (
          SELECT f.*, count(*) OVER () AS total,
                 count(*) FILTER (WHERE f.top_level) OVER () AS top_total
            FROM flagged f
        )
        """
            .formatted(seed.rows());
    // lastSeen: one row per unit, kept by ingestion (unit_last_seen, V29). The path as its text
    // and the time as UTC wall-clock time: cheaper to read than an array and a timestamptz. Row
    // reads the columns by their place in this list.
    String pageSql =
        affected
            + """
            , paged AS (
              SELECT * FROM counted WHERE top_level OR NOT :topLevelOnly
               ORDER BY depth, unit_serial OFFSET :offset LIMIT :limit
            )
            SELECT p.unit_serial, p.depth, p.path::text AS path, p.top_level, p.total,
                   p.top_total, u.part_number, u.revision, u.run_id, u.status, u.site, u.line,
                   seen.site AS seen_site, seen.line AS seen_line, seen.station AS seen_station,
                   seen.at AT TIME ZONE 'UTC' AS seen_at
              FROM paged p
              LEFT JOIN unit u ON u.serial = p.unit_serial
              LEFT JOIN unit_last_seen seen ON seen.serial = p.unit_serial
             ORDER BY p.depth, p.unit_serial
            """;
    Row row = new Row();
    bind(jdbc.sql(pageSql), seed)
        .param("topLevelOnly", page.topLevelOnly())
        .param("offset", page.offset())
        .param("limit", page.limit())
        .query(
            (ResultSet rs) -> {
              if (row.rs == null) {
                rows.counts(rs.getInt("total"), rs.getInt("top_total"));
                row.rs = rs;
              }
              rows.unit(row);
            });
    if (row.rs == null) {
      bind(
              jdbc.sql(
                  affected
                      + " SELECT count(*), count(*) FILTER (WHERE top_level) FROM"
                      + " flagged"),
              seed)
          .query((ResultSet rs) -> rows.counts(rs.getInt(1), rs.getInt(2)));
    }
  }

  /** The page's current row; read it while {@link PageRows#unit} runs, not after. */
  static final class Row {

    /** The page's text columns, by their place in the statement's select list. */
    enum Text {
      SERIAL(1),
      PATH(3),
      PART_NUMBER(7),
      REVISION(8),
      RUN_ID(9),
      STATUS(10),
      SITE(11),
      LINE(12),
      SEEN_SITE(13),
      SEEN_LINE(14),
      SEEN_STATION(15);

      private final int column;

      Text(int column) {
        this.column = column;
      }
    }

    private ResultSet rs;

    private Row() {}

    String text(Text t) throws SQLException {
      return rs.getString(t.column);
    }

    /** The column's value as the UTF-8 bytes received, null if NULL. */
    byte[] utf8(Text t) throws SQLException {
      return rs.getBytes(t.column);
    }

    int depth() throws SQLException {
      return rs.getInt(2);
    }

    boolean topLevel() throws SQLException {
      return rs.getBoolean(4);
    }

    /** When it was last seen, in UTC; null if never. */
    LocalDateTime seenAt() throws SQLException {
      return rs.getObject(16, LocalDateTime.class);
    }

    WhereUsedView.AffectedUnit unit() throws SQLException {
      String station = text(Text.SEEN_STATION);
      return new WhereUsedView.AffectedUnit(
          text(Text.SERIAL),
          text(Text.PART_NUMBER),
          text(Text.REVISION),
          text(Text.RUN_ID),
          text(Text.STATUS),
          depth(),
          topLevel(),
          PostgresArrays.texts(utf8(Text.PATH)),
          text(Text.SITE),
          text(Text.LINE),
          station == null
              ? null
              : new WhereUsedView.Position(
                  text(Text.SEEN_SITE),
                  text(Text.SEEN_LINE),
                  station,
                  seenAt().atOffset(ZoneOffset.UTC)),
          null);
    }
  }

  /**
   * The top-level units of what the query names, for ranking, in time that does not grow with the
   * answer: first a count of the seeds' rows on an index, stopped past {@code cap}; within the cap,
   * every seed is walked up (exact); past it, only the first {@code sample} rows are, and the count
   * is a lower bound ({@link TopLevelSample#capped()}) unless those rows were all there was. No
   * paths, no depths: just the ancestors, and the top-level ones are those that were nobody's child
   * on the way up.
   */
  TopLevelSample topLevel(WhereUsedQuery query, int cap, int sample, int listed) {
    TraceSeeds.Seed seed = TraceSeeds.of(query);
    int rows =
        bind(
                jdbc.sql("SELECT count(*) FROM (%s LIMIT :probeLimit) p".formatted(seed.probe())),
                seed)
            .param("probeLimit", cap + 1)
            .query(Integer.class)
            .single();
    boolean broad = rows > cap;
    String sql =
        """
        WITH RECURSIVE seed AS (%s),
        first AS (SELECT unit_serial FROM seed LIMIT :rowLimit),
        up(serial, child) AS (
          SELECT DISTINCT unit_serial, NULL::text FROM first
          UNION
          SELECT p.unit_serial, up.serial FROM up JOIN unit_component p ON p.component_serial = up.serial
           WHERE p.bound_at IS NOT NULL AND p.unbound_at IS NULL
        ), tops AS (
          SELECT DISTINCT serial FROM up
           WHERE NOT EXISTS (SELECT 1 FROM up c WHERE c.child = up.serial)
        )
        SELECT (SELECT count(*) FROM first) AS seeds, (SELECT count(*) FROM tops) AS tops,
               ARRAY(SELECT serial FROM tops ORDER BY serial LIMIT :listed) AS listed
        """
            .formatted(seed.rows());
    int limit = broad ? sample : cap + 1;
    return bind(jdbc.sql(sql), seed)
        .param("rowLimit", limit)
        .param("listed", listed)
        .query(
            (rs, i) ->
                new TopLevelSample(
                    rs.getInt("tops"), rs.getInt("seeds") >= limit, strings(rs.getArray("listed"))))
        .single();
  }

  /** How many top-level units (a lower bound if {@code capped}), and the first of them. */
  record TopLevelSample(int count, boolean capped, List<String> first) {}

  private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec sql, TraceSeeds.Seed seed) {
    return sql.params(seed.params()).param("maxDepth", GenealogyRepository.MAX_DEPTH);
  }

  private static List<String> strings(Array array) throws SQLException {
    return Arrays.asList((String[]) array.getArray());
  }
}
