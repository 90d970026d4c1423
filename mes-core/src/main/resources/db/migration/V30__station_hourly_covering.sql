-- The production dashboard over a week or a month reads every rollup column of each station's
-- hours in the range (rollup-stations.sql, rollup-series.sql). The rollup is written hour by hour
-- for every station and rewritten when late events arrive, so one station's hours lie on as many
-- heap pages as there are hours; this index holds them side by side, in station and hour order,
-- and the dashboard reads them by index only. An index only: it changes no data.
-- A row must stay under 2,704 bytes once compressed; the largest histogram (all 1,001 buckets
-- used, up to 5,000 cycles each in the hour) fits.
CREATE INDEX station_hourly_covering_idx ON station_hourly (site, line, station, hour)
  INCLUDE (units, serialized, results, ok, nok, cycle_sum, cycle_count, cycle_buckets,
           cycle_counts, mark_checks, mark_failures, last_event_at, first_units, first_ok);
