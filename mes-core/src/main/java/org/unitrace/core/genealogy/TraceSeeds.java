package org.unitrace.core.genealogy;

/**
 * Where each kind of forward trace starts: SQL that selects {@code (unit_serial, depth)} rows, the
 * units that contain what is traced (depth 1) or are it (depth 0). Only bindings still in place
 * count; a component taken out in rework no longer makes its unit affected. A unit may come more
 * than once (a station's events and its bindings): the branches are joined with {@code UNION ALL}
 * so a {@code LIMIT} over the seeds stops reading early; whoever needs a set removes repeats.
 *
 * <p>{@link #probe} is a cheaper cousin for sizing: the rows the seeds are drawn from, on the key
 * alone (bindings whether still in place or not, a line's units whatever their shift), so an index
 * answers it without visiting the table. It holds at least as many rows as the seeds: when it has
 * few, the seeds have no more.
 */
final class TraceSeeds {

  private TraceSeeds() {}

  private static final String CURRENT = "c.bound_at IS NOT NULL AND c.unbound_at IS NULL";

  private static final String FROM = "coalesce(:from::timestamptz, '-infinity')";
  private static final String TO = "coalesce(:to::timestamptz, 'infinity')";

  static String of(WhereUsedQuery.Kind kind) {
    return switch (kind) {
      case COMPONENT_SERIAL ->
          "SELECT c.unit_serial, 1 AS depth FROM unit_component c"
              + " WHERE c.component_serial = :componentSerial AND "
              + CURRENT;
      case SERIAL_RANGE ->
          "SELECT c.unit_serial, 1 AS depth FROM unit_component c WHERE c.component_serial"
              + " BETWEEN :serialFrom AND :serialTo AND c.part_number = :partNumber AND "
              + CURRENT;
      case LOT ->
          "SELECT c.unit_serial, 1 AS depth FROM unit_component c"
              + " WHERE c.part_number = :partNumber AND c.lot = :lot AND "
              + CURRENT;
      case LOADED_LOT -> loaded("m.part_number = :partNumber AND m.lot = :lot");
      case MATERIAL_LOAD -> loaded("m.id = :materialLoadId");
      case SUPPLIER ->
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
              .formatted(CURRENT);
      case RUN -> "SELECT u.serial AS unit_serial, 0 AS depth FROM unit u WHERE u.run_id = :runId";
      case STATION_WINDOW ->
          """
          SELECT s.unit_serial, 0 AS depth FROM station_event s
           WHERE s.site = :site AND s.line = :line AND s.station = :station
             AND s.unit_serial IS NOT NULL AND s.time >= %1$s AND s.time < %2$s
          UNION ALL
          SELECT c.unit_serial, 0 FROM unit_component c
           WHERE c.site = :site AND c.line = :line AND c.station = :station
             AND c.bound_at >= %1$s AND c.bound_at < %2$s
          """
              .formatted(FROM, TO);
      case LINE_WINDOW ->
          """
          SELECT u.serial AS unit_serial, 0 AS depth FROM unit u
            LEFT JOIN production_run r ON r.run_id = u.run_id
           WHERE u.site = :site AND u.line = :line
             AND u.serialized_at >= %1$s AND u.serialized_at < %2$s
             AND (:shift::text IS NULL OR r.shift = :shift)
          """
              .formatted(FROM, TO);
    };
  }

  /** Rows (one column) on the seeds' key alone, for a capped count; see the class comment. */
  static String probe(WhereUsedQuery.Kind kind) {
    return switch (kind) {
      case COMPONENT_SERIAL ->
          "SELECT 1 FROM unit_component c WHERE c.component_serial = :componentSerial";
      case SERIAL_RANGE ->
          "SELECT 1 FROM unit_component c WHERE c.part_number = :partNumber"
              + " AND c.component_serial BETWEEN :serialFrom AND :serialTo";
      case LOT ->
          "SELECT 1 FROM unit_component c WHERE c.part_number = :partNumber AND c.lot = :lot";
      case SUPPLIER ->
          """
          SELECT 1 FROM unit_component c
           WHERE c.supplier = :supplier AND (:partNumber::text IS NULL OR c.part_number = :partNumber)
          UNION ALL
          SELECT 1 FROM supplier_lot l
            JOIN unit_component c ON c.part_number = l.part_number AND c.lot = l.lot
           WHERE l.supplier = :supplier AND (:partNumber::text IS NULL OR l.part_number = :partNumber)
          """;
      case RUN -> "SELECT 1 FROM unit u WHERE u.run_id = :runId";
      case STATION_WINDOW ->
          """
          SELECT 1 FROM station_event s
           WHERE s.site = :site AND s.line = :line AND s.station = :station
             AND s.time >= %1$s AND s.time < %2$s
          UNION ALL
          SELECT 1 FROM unit_component c
           WHERE c.site = :site AND c.line = :line AND c.station = :station
             AND c.bound_at >= %1$s AND c.bound_at < %2$s
          """
              .formatted(FROM, TO);
      case LINE_WINDOW ->
          """
          SELECT 1 FROM unit u
           WHERE u.site = :site AND u.line = :line
             AND u.serialized_at >= %1$s AND u.serialized_at < %2$s
          """
              .formatted(FROM, TO);
      case LOADED_LOT, MATERIAL_LOAD -> "SELECT 1 FROM (%s) s".formatted(of(kind));
    };
  }

  /**
   * The units that passed the load's station while the lot was loaded there: station events in the
   * load window, and bindings made at that station in it.
   */
  private static String loaded(String which) {
    return """
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
  }
}
