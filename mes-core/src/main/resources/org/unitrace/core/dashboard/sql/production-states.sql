SELECT s.site, s.line, s.code, x.time, x.state, x.fault_code
  FROM station s
  CROSS JOIN LATERAL (
    (SELECT greatest(t.time, :from) AS time, t.state, t.fault_code FROM station_state t
      WHERE t.site = s.site AND t.line = s.line AND t.station = s.code AND t.time < :from
      ORDER BY t.time DESC LIMIT 1)
    UNION ALL
    (SELECT t.time, t.state, t.fault_code FROM station_state t
      WHERE t.site = s.site AND t.line = s.line AND t.station = s.code
        AND t.time >= :from AND t.time < :to
      ORDER BY t.time LIMIT 2000)) x
 WHERE s.site = :site AND s.line = :line
 ORDER BY s.code, x.time
