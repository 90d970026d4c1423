SELECT s.site, s.line, s.code, s.name, s.kind, s.state, s.fault_code, s.state_changed_at,
       a.units, a.serialized, a.results, a.ok, a.nok, a.avg_cycle_ms, a.p90_cycle_ms,
       a.mark_checks, a.mark_failures, a.last_event_at, f.first_units, f.first_ok
  FROM station s
  LEFT JOIN LATERAL (
    SELECT count(DISTINCT e.unit_serial) AS units,
           count(*) FILTER (WHERE e.type = 'UnitSerialized') AS serialized,
           count(*) FILTER (WHERE e.type = 'StationResult') AS results,
           count(*) FILTER (WHERE e.type = 'StationResult' AND e.result = 'OK') AS ok,
           count(*) FILTER (WHERE e.type = 'StationResult' AND e.result = 'NOK') AS nok,
           avg(e.cycle_time_ms) AS avg_cycle_ms,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY e.cycle_time_ms) AS p90_cycle_ms,
           count(*) FILTER (WHERE e.type = 'MarkVerified') AS mark_checks,
           count(*) FILTER (WHERE %1$s) AS mark_failures,
           max(e.time) AS last_event_at
      FROM station_event e
     WHERE e.site = s.site AND e.line = s.line AND e.station = s.code
       AND e.time >= :from AND e.time < :to) a ON true
  LEFT JOIN LATERAL (
    SELECT count(*) AS first_units, count(*) FILTER (WHERE first.result = 'OK') AS first_ok
      FROM (SELECT DISTINCT ON (e.unit_serial) e.result
              FROM station_event e
             WHERE e.site = s.site AND e.line = s.line AND e.station = s.code
               AND e.type = 'StationResult' AND e.unit_serial IS NOT NULL
               AND e.time >= :from AND e.time < :to
             ORDER BY e.unit_serial, e.time) first) f ON true
 WHERE (:site::text IS NULL OR s.site = :site) AND (:line::text IS NULL OR s.line = :line)
 ORDER BY s.site, s.line, s.code
