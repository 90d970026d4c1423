-- Where each unit was last seen: its newest station event (serialized, mark verified, a result)
-- or binding made at a station, kept by ingestion (UnitLastSeen) so the forward trace reads one
-- row per affected unit instead of the newest event in every station_event partition and the
-- newest of its bindings. At the same time, a station event goes before a binding (binding
-- says which one is kept). Keyed by serial, not by unit: a unit only known as the parent of a
-- binding has a row too.
CREATE TABLE unit_last_seen (
  serial   text PRIMARY KEY,
  site     text,
  line     text,
  station  text,
  at       timestamptz NOT NULL,
  binding  boolean NOT NULL
);

-- Recomputes every row from station_event and unit_component: this migration's fill, and what a
-- writer that bypasses ingestion (the history generator's COPY) runs once it has written.
CREATE FUNCTION unitrace_rebuild_last_seen() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  written bigint;
BEGIN
  TRUNCATE unit_last_seen;
  INSERT INTO unit_last_seen (serial, site, line, station, at, binding)
  SELECT DISTINCT ON (serial) serial, site, line, station, at, binding
    FROM (SELECT unit_serial AS serial, site, line, station, time AS at, false AS binding
            FROM station_event WHERE unit_serial IS NOT NULL
          UNION ALL
          SELECT unit_serial, site, line, station, bound_at, true
            FROM unit_component WHERE bound_at IS NOT NULL AND station IS NOT NULL) s
   ORDER BY serial, at DESC, binding;
  GET DIAGNOSTICS written = ROW_COUNT;
  RETURN written;
END $$;

SELECT unitrace_rebuild_last_seen();
