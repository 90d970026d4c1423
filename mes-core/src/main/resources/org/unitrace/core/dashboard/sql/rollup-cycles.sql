SELECT s.site, s.line, s.code, x.k, sum(x.n) AS n
  FROM station s
  CROSS JOIN LATERAL (
    SELECT c.k, c.n
      FROM station_hourly h, unnest(h.cycle_buckets, h.cycle_counts) AS c(k, n)
     WHERE h.site = s.site AND h.line = s.line AND h.station = s.code
       AND h.hour >= :firstHour AND h.hour < :endHour
    UNION ALL
    SELECT c.k, c.n FROM unitrace_station_cycles(s.site, s.line, s.code, :from, :firstHour) c
    UNION ALL
    SELECT c.k, c.n FROM unitrace_station_cycles(s.site, s.line, s.code, :endHour, :to) c) x
 WHERE (:site::text IS NULL OR s.site = :site) AND (:line::text IS NULL OR s.line = :line)
 GROUP BY 1, 2, 3, 4
