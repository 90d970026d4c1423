WITH batch AS (
  DELETE FROM station_hourly_dirty d
   WHERE (d.site, d.line, d.station, d.hour) IN (
         SELECT site, line, station, hour FROM station_hourly_dirty
          ORDER BY hour DESC LIMIT :limit)
  RETURNING d.site, d.line, d.station, d.hour
), computed AS (
  SELECT b.site, b.line, b.station, b.hour, w.*
    FROM batch b
   CROSS JOIN LATERAL unitrace_station_window(
           b.site, b.line, b.station, b.hour, b.hour + interval '1 hour') w
), emptied AS (
  DELETE FROM station_hourly h USING computed c
   WHERE h.site = c.site AND h.line = c.line AND h.station = c.station
     AND h.hour = c.hour AND c.events = 0
), upserted AS (
  INSERT INTO station_hourly (site, line, station, hour, events, units, serialized, results,
                              ok, nok, cycle_sum, cycle_count, cycle_buckets, cycle_counts,
                              mark_checks, mark_failures, last_event_at, first_units,
                              first_ok)
  SELECT c.site, c.line, c.station, c.hour, c.events, c.units, c.serialized, c.results,
         c.ok, c.nok, c.cycle_sum, c.cycle_count, c.cycle_buckets, c.cycle_counts,
         c.mark_checks, c.mark_failures, c.last_event_at, c.first_units, c.first_ok
    FROM computed c WHERE c.events > 0
  ON CONFLICT (site, line, station, hour) DO UPDATE SET
         events = excluded.events, units = excluded.units,
         serialized = excluded.serialized, results = excluded.results, ok = excluded.ok,
         nok = excluded.nok, cycle_sum = excluded.cycle_sum,
         cycle_count = excluded.cycle_count, cycle_buckets = excluded.cycle_buckets,
         cycle_counts = excluded.cycle_counts, mark_checks = excluded.mark_checks,
         mark_failures = excluded.mark_failures, last_event_at = excluded.last_event_at,
         first_units = excluded.first_units, first_ok = excluded.first_ok,
         computed_at = now()
)
SELECT count(*) FROM batch
