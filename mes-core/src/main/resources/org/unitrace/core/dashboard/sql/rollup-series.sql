SELECT date_bin(:bucket::interval, x.time, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bucket,
       sum(x.serialized) AS serialized, sum(x.ok) AS ok, sum(x.nok) AS nok,
       sum(x.cycle_sum) / nullif(sum(x.cycle_count), 0) AS avg_cycle_ms,
       sum(x.mark_failures) AS mark_failures
  FROM station s
  JOIN LATERAL (
    SELECT h.hour AS time, h.serialized, h.ok, h.nok, h.cycle_sum, h.cycle_count,
           h.mark_failures
      FROM station_hourly h
     WHERE h.site = s.site AND h.line = s.line AND h.station = s.code
       AND h.hour >= :firstHour AND h.hour < :endHour
    UNION ALL
    SELECT e.time, (e.type = 'UnitSerialized')::int,
           (e.type = 'StationResult' AND e.result = 'OK')::int,
           (e.type = 'StationResult' AND e.result = 'NOK')::int,
           e.cycle_time_ms, (e.cycle_time_ms IS NOT NULL)::int,
           coalesce(%1$s, false)::int
      FROM station_event e
     WHERE e.site = s.site AND e.line = s.line AND e.station = s.code
       AND ((e.time >= :from AND e.time < :firstHour)
         OR (e.time >= :endHour AND e.time < :to))) x ON true
 WHERE s.site = :site AND s.line = :line AND (:station::text IS NULL OR s.code = :station)
 GROUP BY 1 ORDER BY 1
