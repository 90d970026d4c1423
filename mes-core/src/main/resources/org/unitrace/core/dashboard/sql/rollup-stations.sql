SELECT s.site, s.line, s.code, s.name, s.kind, s.state, s.fault_code, s.state_changed_at,
       a.units, a.serialized, a.results, a.ok, a.nok, a.cycle_sum, a.cycle_count,
       a.mark_checks, a.mark_failures, a.last_event_at, a.first_units, a.first_ok
  FROM station s
  CROSS JOIN LATERAL (
    SELECT coalesce(sum(x.units), 0) AS units, coalesce(sum(x.serialized), 0) AS serialized,
           coalesce(sum(x.results), 0) AS results, coalesce(sum(x.ok), 0) AS ok,
           coalesce(sum(x.nok), 0) AS nok, coalesce(sum(x.cycle_sum), 0) AS cycle_sum,
           coalesce(sum(x.cycle_count), 0) AS cycle_count,
           coalesce(sum(x.mark_checks), 0) AS mark_checks,
           coalesce(sum(x.mark_failures), 0) AS mark_failures,
           max(x.last_event_at) AS last_event_at,
           coalesce(sum(x.first_units), 0) AS first_units,
           coalesce(sum(x.first_ok), 0) AS first_ok
      FROM (SELECT h.units, h.serialized, h.results, h.ok, h.nok, h.cycle_sum,
                   h.cycle_count, h.mark_checks, h.mark_failures, h.last_event_at,
                   h.first_units, h.first_ok
              FROM station_hourly h
             WHERE h.site = s.site AND h.line = s.line AND h.station = s.code
               AND h.hour >= :firstHour AND h.hour < :endHour
            UNION ALL
            SELECT w.units, w.serialized, w.results, w.ok, w.nok, w.cycle_sum,
                   w.cycle_count, w.mark_checks, w.mark_failures, w.last_event_at,
                   w.first_units, w.first_ok
              FROM unitrace_station_window(s.site, s.line, s.code, :from, :firstHour) w
            UNION ALL
            SELECT w.units, w.serialized, w.results, w.ok, w.nok, w.cycle_sum,
                   w.cycle_count, w.mark_checks, w.mark_failures, w.last_event_at,
                   w.first_units, w.first_ok
              FROM unitrace_station_window(s.site, s.line, s.code, :endHour, :to) w) x) a
 WHERE (:site::text IS NULL OR s.site = :site) AND (:line::text IS NULL OR s.line = :line)
 ORDER BY s.site, s.line, s.code
