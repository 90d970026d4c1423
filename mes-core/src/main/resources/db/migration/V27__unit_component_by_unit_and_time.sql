-- A unit's bindings by unit and time: the forward trace's lastSeen reads each affected unit's
-- newest binding as one index descent instead of reading and sorting all of its bindings. It
-- replaces the backbone's index on unit_serial alone (every query that used that one can use this
-- one), so ingestion keeps the same number of indexes on unit_component.
CREATE INDEX unit_component_unit_bound_idx ON unit_component (unit_serial, bound_at);
DROP INDEX unit_component_unit_idx;
