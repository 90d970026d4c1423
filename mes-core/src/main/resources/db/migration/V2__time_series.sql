-- Station events and station states as time series: a TimescaleDB hypertable where mes-core
-- decided at start that the server can run TimescaleDB (the placeholder timeseries_timescaledb,
-- from unitrace.timeseries.timescaledb and the server: TimeSeriesStorage), else a natively
-- range-partitioned (monthly) PostgreSQL table.
-- Retention and compression are applied at start-up from configuration (TimeSeriesPolicies).
-- Rewritten once: the first V2 chose TimescaleDB whenever pg_available_extensions listed it;
-- TimeSeriesMigration moves that version's checksum in the Flyway history to this one's.

CREATE TABLE station_event (
  time           timestamptz NOT NULL,
  site           text NOT NULL,
  line           text NOT NULL,
  station        text NOT NULL,
  type           text NOT NULL,
  unit_serial    text,
  result         text,
  failure_code   text,
  cycle_time_ms  bigint,
  process_values jsonb,
  event_id       uuid NOT NULL
) PARTITION BY RANGE (time);

CREATE TABLE station_state (
  time        timestamptz NOT NULL,
  site        text NOT NULL,
  line        text NOT NULL,
  station     text NOT NULL,
  state       text NOT NULL,
  fault_code  text,
  reason      text,
  event_id    uuid NOT NULL
) PARTITION BY RANGE (time);

-- Makes sure monthly partitions exist from the month of from_time for the given number of
-- months (plain PostgreSQL path); a DEFAULT partition catches anything outside them.
CREATE FUNCTION unitrace_ensure_partitions(parent text, from_time timestamptz, months integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  start_month date := date_trunc('month', from_time)::date;
  m date;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid
                 WHERE c.relname = parent) THEN
    RETURN;  -- a hypertable: TimescaleDB makes its own chunks
  END IF;
  EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF %I DEFAULT', parent || '_default', parent);
  FOR i IN 0 .. months - 1 LOOP
    m := start_month + make_interval(months => i);
    IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = parent || '_' || to_char(m, 'YYYYMM')) THEN
      BEGIN
        EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                       parent || '_' || to_char(m, 'YYYYMM'), parent, m, m + interval '1 month');
      EXCEPTION WHEN check_violation THEN
        -- rows for that month already sit in the DEFAULT partition; they stay there
        RAISE WARNING 'partition %_% not created: the default partition holds rows of that month',
                      parent, to_char(m, 'YYYYMM');
      END;
    END IF;
  END LOOP;
END $$;

DO $$
BEGIN
  IF ${timeseries_timescaledb} THEN
    CREATE EXTENSION IF NOT EXISTS timescaledb;
    -- A hypertable cannot be made from a partitioned table: recreate both as plain tables.
    DROP TABLE station_event;
    DROP TABLE station_state;
    CREATE TABLE station_event (
      time timestamptz NOT NULL, site text NOT NULL, line text NOT NULL, station text NOT NULL,
      type text NOT NULL, unit_serial text, result text, failure_code text,
      cycle_time_ms bigint, process_values jsonb, event_id uuid NOT NULL);
    CREATE TABLE station_state (
      time timestamptz NOT NULL, site text NOT NULL, line text NOT NULL, station text NOT NULL,
      state text NOT NULL, fault_code text, reason text, event_id uuid NOT NULL);
    PERFORM create_hypertable('station_event', 'time', chunk_time_interval => interval '1 day');
    PERFORM create_hypertable('station_state', 'time', chunk_time_interval => interval '7 days');
  ELSE
    PERFORM unitrace_ensure_partitions('station_event', now() - interval '1 month', 4);
    PERFORM unitrace_ensure_partitions('station_state', now() - interval '1 month', 4);
  END IF;
END $$;

CREATE INDEX station_event_station_idx ON station_event (site, line, station, time DESC);
CREATE INDEX station_event_unit_idx ON station_event (unit_serial, time) WHERE unit_serial IS NOT NULL;
CREATE INDEX station_state_station_idx ON station_state (site, line, station, time DESC);
