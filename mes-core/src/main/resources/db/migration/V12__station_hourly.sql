-- An hourly rollup of station_event per (site, line, station, hour), so week and month
-- dashboards read about 24 rows per station and day instead of every event. HourlyRollup keeps it
-- current; ProductionQueries reads whole hours from it and the partial hours at a range's edges
-- from station_event, through the same function (unitrace_station_window), so both agree.
-- A plain table on plain PostgreSQL and on TimescaleDB alike.

-- Cycle times go into fixed logarithmic buckets 2 % wide: bucket 0 holds 0 ms (and less),
-- bucket k >= 1 holds [1.02^(k-1), 1.02^k) ms, the last (1000) everything from about 4.5 days.
-- A percentile read from the buckets (at each bucket's geometric centre) is within 1 % of the
-- exact one.
CREATE FUNCTION unitrace_cycle_bucket(ms bigint) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN ms IS NULL THEN NULL
              WHEN ms < 1 THEN 0
              ELSE least(1 + floor(ln(ms::double precision) / ln(1.02))::integer, 1000) END
$$;

-- The cycle times a station reported in [from_time, to_time), counted per bucket.
CREATE FUNCTION unitrace_station_cycles(
  w_site text, w_line text, w_station text, from_time timestamptz, to_time timestamptz)
RETURNS TABLE (k integer, n integer)
LANGUAGE sql STABLE AS $$
  SELECT unitrace_cycle_bucket(e.cycle_time_ms), count(*)::integer
    FROM station_event e
   WHERE e.site = w_site AND e.line = w_line AND e.station = w_station
     AND e.time >= from_time AND e.time < to_time AND e.cycle_time_ms IS NOT NULL
   GROUP BY 1
$$;

-- What a station did in [from_time, to_time). Additive measures are plain counts and sums.
-- units and first_units/first_ok count a unit at its first event (first StationResult) at the
-- station ever, so they add up over adjacent windows: a unit is counted in the window that holds
-- its first event there. mark_failures follows ProductionQueries.MARK_FAILURE.
CREATE FUNCTION unitrace_station_window(
  w_site text, w_line text, w_station text, from_time timestamptz, to_time timestamptz)
RETURNS TABLE (events bigint, units bigint, serialized bigint, results bigint, ok bigint,
               nok bigint, cycle_sum numeric, cycle_count bigint, cycle_buckets integer[],
               cycle_counts integer[], mark_checks bigint, mark_failures bigint,
               last_event_at timestamptz, first_units bigint, first_ok bigint)
LANGUAGE sql STABLE AS $$
  SELECT a.events, coalesce(u.units, 0), a.serialized, a.results, a.ok, a.nok, a.cycle_sum,
         a.cycle_count, coalesce(h.buckets, '{}'), coalesce(h.counts, '{}'), a.mark_checks,
         a.mark_failures, a.last_event_at, coalesce(u.first_units, 0), coalesce(u.first_ok, 0)
    FROM (SELECT count(*) AS events,
                 count(*) FILTER (WHERE e.type = 'UnitSerialized') AS serialized,
                 count(*) FILTER (WHERE e.type = 'StationResult') AS results,
                 count(*) FILTER (WHERE e.type = 'StationResult' AND e.result = 'OK') AS ok,
                 count(*) FILTER (WHERE e.type = 'StationResult' AND e.result = 'NOK') AS nok,
                 coalesce(sum(e.cycle_time_ms), 0)::numeric AS cycle_sum,
                 count(e.cycle_time_ms) AS cycle_count,
                 count(*) FILTER (WHERE e.type = 'MarkVerified') AS mark_checks,
                 count(*) FILTER (WHERE (e.type = 'MarkVerified' AND e.result = 'NOK')
                                     OR e.failure_code LIKE 'MARKER\_%') AS mark_failures,
                 max(e.time) AS last_event_at
            FROM station_event e
           WHERE e.site = w_site AND e.line = w_line AND e.station = w_station
             AND e.time >= from_time AND e.time < to_time) a
   CROSS JOIN (
          SELECT array_agg(c.k ORDER BY c.k) AS buckets, array_agg(c.n ORDER BY c.k) AS counts
            FROM unitrace_station_cycles(w_site, w_line, w_station, from_time, to_time) c) h
   CROSS JOIN (
          SELECT count(*) FILTER (WHERE NOT x.seen_before) AS units,
                 count(*) FILTER (WHERE x.first_result IS NOT NULL AND NOT x.tested_before)
                   AS first_units,
                 count(*) FILTER (WHERE x.first_result = 'OK' AND NOT x.tested_before) AS first_ok
            FROM (SELECT g.unit_serial, g.first_result, b.seen > 0 AS seen_before,
                         b.tested > 0 AS tested_before
                    FROM (SELECT e.unit_serial,
                                 (array_agg(e.result ORDER BY e.time)
                                    FILTER (WHERE e.type = 'StationResult'))[1] AS first_result
                            FROM station_event e
                           WHERE e.site = w_site AND e.line = w_line AND e.station = w_station
                             AND e.time >= from_time AND e.time < to_time
                             AND e.unit_serial IS NOT NULL
                           GROUP BY e.unit_serial) g
                   CROSS JOIN LATERAL (
                          SELECT count(*) AS seen,
                                 count(*) FILTER (WHERE p.type = 'StationResult') AS tested
                            FROM station_event p
                           WHERE p.unit_serial = g.unit_serial AND p.time < from_time
                             AND p.site = w_site AND p.line = w_line AND p.station = w_station) b
                 ) x) u
$$;

CREATE TABLE station_hourly (
  site           text NOT NULL,
  line           text NOT NULL,
  station        text NOT NULL,
  hour           timestamptz NOT NULL,
  events         bigint NOT NULL,
  units          bigint NOT NULL,
  serialized     bigint NOT NULL,
  results        bigint NOT NULL,
  ok             bigint NOT NULL,
  nok            bigint NOT NULL,
  cycle_sum      numeric NOT NULL,
  cycle_count    bigint NOT NULL,
  cycle_buckets  integer[] NOT NULL,
  cycle_counts   integer[] NOT NULL,
  mark_checks    bigint NOT NULL,
  mark_failures  bigint NOT NULL,
  last_event_at  timestamptz NOT NULL,
  first_units    bigint NOT NULL,
  first_ok       bigint NOT NULL,
  computed_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site, line, station, hour)
);

-- Hours whose rollup is to be (re)computed. Normally empty between runs of HourlyRollup; while
-- it is not, the dashboards read those hours from station_event.
CREATE TABLE station_hourly_dirty (
  site     text NOT NULL,
  line     text NOT NULL,
  station  text NOT NULL,
  hour     timestamptz NOT NULL,
  PRIMARY KEY (site, line, station, hour)
);
CREATE INDEX station_hourly_dirty_hour_idx ON station_hourly_dirty (hour);

-- Events received (event.received_at) from here on are still to be looked at. One row.
CREATE TABLE station_hourly_watermark (
  id              boolean PRIMARY KEY DEFAULT true CHECK (id),
  received_since  timestamptz NOT NULL
);
INSERT INTO station_hourly_watermark (received_since) VALUES (now());

-- The history already stored: every hour of it is to be computed (HourlyRollup works through it
-- in batches, newest first).
INSERT INTO station_hourly_dirty (site, line, station, hour)
SELECT DISTINCT site, line, station,
       date_bin('1 hour', time, TIMESTAMPTZ '2000-01-01 00:00:00+00')
  FROM station_event;

-- Finds the events received since the watermark. received_at follows insertion order, so a BRIN
-- index is tiny and costs ingestion next to nothing.
CREATE INDEX event_received_idx ON event USING brin (received_at);

-- "Last N NOK" over a long range: walks only NOK rows, newest first, per station.
CREATE INDEX station_event_nok_idx ON station_event (site, line, station, time DESC)
  WHERE result = 'NOK';
