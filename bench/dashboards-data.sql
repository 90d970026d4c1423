-- Generator for bench/dashboards.sh (plain PostgreSQL schema of migrations V1, V2).
-- 1M units over the last 60 days on 4 lines: per unit UnitSerialized + MarkVerified at MARK,
SELECT unitrace_ensure_partitions('station_event', now() - interval '3 months', 5);
SELECT unitrace_ensure_partitions('station_state', now() - interval '3 months', 5);
-- StationResult at ASSY, TEST1, TEST2, PACK (6 events); 3% NOK at TEST1, 1% failed marks.
INSERT INTO site VALUES ('AKL', 'Auckland');
INSERT INTO line (site, code) SELECT 'AKL', 'L' || l FROM generate_series(1, 4) l;
INSERT INTO station (site, line, code, state)
SELECT 'AKL', 'L' || l, s, 'RUNNING' FROM generate_series(1, 4) l,
  unnest(ARRAY['MARK','ASSY','TEST1','TEST2','PACK','S6','S7','S8']) s;
CREATE TEMP TABLE u AS
SELECT i, 'L' || (i % 4 + 1) AS line, 'SN' || lpad(i::text, 9, '0') AS serial,
       now() - interval '60 days' + (i * interval '60 days' / 1000000) AS t
  FROM generate_series(1, 1000000) i;
INSERT INTO station_event (time, site, line, station, type, unit_serial, result, failure_code, cycle_time_ms, process_values, event_id)
SELECT u.t + (k * interval '40 seconds'), 'AKL', u.line,
       (ARRAY['MARK','MARK','ASSY','TEST1','TEST2','PACK'])[k + 1],
       (ARRAY['UnitSerialized','MarkVerified','StationResult','StationResult','StationResult','StationResult'])[k + 1],
       u.serial,
       CASE WHEN k = 0 THEN NULL WHEN k = 1 AND u.i % 100 = 0 THEN 'NOK' WHEN k = 3 AND u.i % 33 = 0 THEN 'NOK' ELSE 'OK' END,
       CASE WHEN k = 3 AND u.i % 33 = 0 THEN 'LEAK' END,
       CASE WHEN k >= 2 THEN 3000 + (u.i % 1500) END,
       CASE WHEN k = 3 THEN jsonb_build_object('pressureBar', 3 + (u.i % 10) / 10.0) END,
       gen_random_uuid()
  FROM u, generate_series(0, 5) k;
INSERT INTO station_state (time, site, line, station, state, event_id)
SELECT now() - interval '60 days' + (j * interval '10 minutes'), 'AKL', 'L' || (j % 4 + 1), 'TEST1',
       (ARRAY['RUNNING','IDLE','BLOCKED','STARVED','FAULT'])[j % 5 + 1], gen_random_uuid()
  FROM generate_series(1, 8640) j;
ANALYZE;
