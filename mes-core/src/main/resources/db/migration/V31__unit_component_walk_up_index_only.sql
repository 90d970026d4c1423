-- The forward trace walks up from each unit to the units it is bound in: one lookup by
-- component_serial per unit and level, reading only the binding's unit_serial, bound_at and
-- unbound_at. With those in the index the walk is an index-only scan (no table page per lookup
-- where the visibility map marks the page all-visible). It replaces the backbone's index on
-- component_serial alone (every query that used that one can use this one), so ingestion keeps
-- the same number of indexes on unit_component.
DROP INDEX unit_component_serial_idx;
CREATE INDEX unit_component_serial_idx ON unit_component (component_serial)
  INCLUDE (unit_serial, bound_at, unbound_at) WHERE component_serial IS NOT NULL;
