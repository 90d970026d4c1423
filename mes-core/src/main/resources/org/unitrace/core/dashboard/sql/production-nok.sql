SELECT n.time, n.site, n.line, n.station, n.type, n.unit_serial, n.failure_code,
       n.cycle_time_ms, n.process_values
  FROM station s
  CROSS JOIN LATERAL (
    SELECT e.time, e.site, e.line, e.station, e.type, e.unit_serial, e.failure_code,
           e.cycle_time_ms, e.process_values
      FROM station_event e
     WHERE e.site = s.site AND e.line = s.line AND e.station = s.code
       AND e.time >= :from AND e.time < :to AND e.result = 'NOK'
     ORDER BY e.time DESC LIMIT :limit) n
 WHERE (:site::text IS NULL OR s.site = :site) AND (:line::text IS NULL OR s.line = :line)
 ORDER BY n.time DESC LIMIT :limit
