SELECT date_bin(:bucket::interval, e.time, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bucket,
       count(*) FILTER (WHERE e.type = 'UnitSerialized') AS serialized,
       count(*) FILTER (WHERE e.type = 'StationResult' AND e.result = 'OK') AS ok,
       count(*) FILTER (WHERE e.type = 'StationResult' AND e.result = 'NOK') AS nok,
       avg(e.cycle_time_ms) AS avg_cycle_ms,
       count(*) FILTER (WHERE %1$s) AS mark_failures
  FROM station s
  JOIN LATERAL (
    SELECT e.time, e.type, e.result, e.failure_code, e.cycle_time_ms
      FROM station_event e
     WHERE e.site = s.site AND e.line = s.line AND e.station = s.code
       AND e.time >= :from AND e.time < :to) e ON true
 WHERE s.site = :site AND s.line = :line AND (:station::text IS NULL OR s.code = :station)
 GROUP BY 1 ORDER BY 1
