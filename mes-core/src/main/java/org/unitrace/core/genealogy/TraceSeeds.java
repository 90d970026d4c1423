package org.unitrace.core.genealogy;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each kind of forward trace starts: SQL that selects {@code (unit_serial, depth)} rows, the
 * units that contain what is traced (depth 1) or are it (depth 0). Only bindings still in place
 * count; a component taken out in rework no longer makes its unit affected. A unit may come more
 * than once (a station's events and its bindings): the branches are joined with {@code UNION ALL}
 * so a {@code LIMIT} over the seeds stops reading early; whoever needs a set removes repeats.
 *
 * <p>{@link Seed#probe} is a cheaper cousin for sizing: the rows the seeds are drawn from, on the
 * key alone (bindings whether still in place or not, a line's units whatever their shift), so an
 * index answers it without visiting the table. It holds at least as many rows as the seeds: when it
 * has few, the seeds have no more.
 */
final class TraceSeeds {

  private TraceSeeds() {}

  private static final String CURRENT = "c.bound_at IS NOT NULL AND c.unbound_at IS NULL";

  private static final String FROM = "coalesce(:from::timestamptz, '-infinity')";
  private static final String TO = "coalesce(:to::timestamptz, 'infinity')";

  /**
   * A kind's seeds: {@code rows} selects {@code (unit_serial, depth)}, {@code probe} the rows it is
   * drawn from (one column), both with {@code params} bound.
   */
  record Seed(String rows, String probe, Map<String, Object> params) {}

  static Seed of(WhereUsedQuery query) {
    if (query instanceof WhereUsedQuery.ComponentSerial q) {
      return new Seed(
          "SELECT c.unit_serial, 1 AS depth FROM unit_component c"
              + " WHERE c.component_serial = :componentSerial AND "
              + CURRENT,
          "SELECT 1 FROM unit_component c WHERE c.component_serial = :componentSerial",
          params("componentSerial", q.componentSerial()));
    }
    if (query instanceof WhereUsedQuery.SerialRange q) {
      return new Seed(
          "SELECT c.unit_serial, 1 AS depth FROM unit_component c WHERE c.component_serial"
              + " BETWEEN :serialFrom AND :serialTo AND c.part_number = :partNumber AND "
              + CURRENT,
          "SELECT 1 FROM unit_component c WHERE c.part_number = :partNumber"
              + " AND c.component_serial BETWEEN :serialFrom AND :serialTo",
          params(
              "partNumber",
              q.partNumber(),
              "serialFrom",
              q.serialFrom(),
              "serialTo",
              q.serialTo()));
    }
    if (query instanceof WhereUsedQuery.Lot q) {
      return new Seed(
          "SELECT c.unit_serial, 1 AS depth FROM unit_component c"
              + " WHERE c.part_number = :partNumber AND c.lot = :lot AND "
              + CURRENT,
          "SELECT 1 FROM unit_component c WHERE c.part_number = :partNumber AND c.lot = :lot",
          params("partNumber", q.partNumber(), "lot", q.lot()));
    }
    if (query instanceof WhereUsedQuery.LoadedLot q) {
      return loaded(
          "m.part_number = :partNumber AND m.lot = :lot",
          params("partNumber", q.partNumber(), "lot", q.lot()));
    }
    if (query instanceof WhereUsedQuery.MaterialLoad q) {
      return loaded("m.id = :materialLoadId", params("materialLoadId", q.materialLoadId()));
    }
    if (query instanceof WhereUsedQuery.Supplier q) {
      return new Seed(
          """
          SELECT c.unit_serial, 1 AS depth FROM unit_component c
           WHERE c.supplier = :supplier AND (:partNumber::text IS NULL OR c.part_number = :partNumber)
             AND %1$s
          UNION ALL
          SELECT c.unit_serial, 1 FROM supplier_lot l
            JOIN unit_component c ON c.part_number = l.part_number AND c.lot = l.lot
           WHERE l.supplier = :supplier AND (:partNumber::text IS NULL OR l.part_number = :partNumber)
             AND %1$s
          """
              .formatted(CURRENT),
          """
          SELECT 1 FROM unit_component c
           WHERE c.supplier = :supplier AND (:partNumber::text IS NULL OR c.part_number = :partNumber)
          UNION ALL
          SELECT 1 FROM supplier_lot l
            JOIN unit_component c ON c.part_number = l.part_number AND c.lot = l.lot
           WHERE l.supplier = :supplier AND (:partNumber::text IS NULL OR l.part_number = :partNumber)
          """,
          params("supplier", q.supplier(), "partNumber", q.partNumber()));
    }
    if (query instanceof WhereUsedQuery.Run q) {
      return new Seed(
          "SELECT u.serial AS unit_serial, 0 AS depth FROM unit u WHERE u.run_id = :runId",
          "SELECT 1 FROM unit u WHERE u.run_id = :runId",
          params("runId", q.runId()));
    }
    if (query instanceof WhereUsedQuery.StationWindow q) {
      return new Seed(
          """
          SELECT s.unit_serial, 0 AS depth FROM station_event s
           WHERE s.site = :site AND s.line = :line AND s.station = :station
             AND s.unit_serial IS NOT NULL AND s.time >= %1$s AND s.time < %2$s
          UNION ALL
          SELECT c.unit_serial, 0 FROM unit_component c
           WHERE c.site = :site AND c.line = :line AND c.station = :station
             AND c.bound_at >= %1$s AND c.bound_at < %2$s
          """
              .formatted(FROM, TO),
          """
          SELECT 1 FROM station_event s
           WHERE s.site = :site AND s.line = :line AND s.station = :station
             AND s.time >= %1$s AND s.time < %2$s
          UNION ALL
          SELECT 1 FROM unit_component c
           WHERE c.site = :site AND c.line = :line AND c.station = :station
             AND c.bound_at >= %1$s AND c.bound_at < %2$s
          """
              .formatted(FROM, TO),
          params(
              "site", q.site(),
              "line", q.line(),
              "station", q.station(),
              "from", timestamp(q.from()),
              "to", timestamp(q.to())));
    }
    if (query instanceof WhereUsedQuery.LineWindow q) {
      return new Seed(
          """
          SELECT u.serial AS unit_serial, 0 AS depth FROM unit u
            LEFT JOIN production_run r ON r.run_id = u.run_id
           WHERE u.site = :site AND u.line = :line
             AND u.serialized_at >= %1$s AND u.serialized_at < %2$s
             AND (:shift::text IS NULL OR r.shift = :shift)
          """
              .formatted(FROM, TO),
          """
          SELECT 1 FROM unit u
           WHERE u.site = :site AND u.line = :line
             AND u.serialized_at >= %1$s AND u.serialized_at < %2$s
          """
              .formatted(FROM, TO),
          params(
              "site", q.site(),
              "line", q.line(),
              "shift", q.shift(),
              "from", timestamp(q.from()),
              "to", timestamp(q.to())));
    }
    throw new IllegalStateException("no trace seeds for a " + query.kind() + " query");
  }

  /**
   * The units that passed the load's station while the lot was loaded there: station events in the
   * load window, and bindings made at that station in it.
   */
  private static Seed loaded(String which, Map<String, Object> params) {
    String rows =
        """
        SELECT s.unit_serial, 1 AS depth FROM material_load m
          JOIN station_event s ON s.site = m.site AND s.line = m.line AND s.station = m.station
                              AND s.time >= m.loaded_at
                              AND s.time < coalesce(m.unloaded_at, 'infinity')
         WHERE %1$s AND s.unit_serial IS NOT NULL
        UNION ALL
        SELECT c.unit_serial, 1 FROM material_load m
          JOIN unit_component c ON c.site = m.site AND c.line = m.line AND c.station = m.station
                               AND c.bound_at >= m.loaded_at
                               AND c.bound_at < coalesce(m.unloaded_at, 'infinity')
         WHERE %1$s
        """
            .formatted(which);
    return new Seed(rows, "SELECT 1 FROM (%s) s".formatted(rows), params);
  }

  private static Timestamp timestamp(Instant at) {
    return at == null ? null : Timestamp.from(at);
  }

  /** Name-value pairs; a value may be null (an open bound, no part number). */
  private static Map<String, Object> params(Object... pairs) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], pairs[i + 1]);
    }
    return m;
  }
}
