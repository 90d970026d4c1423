-- Indexes the trace queries need beyond the backbone's (see docs/trace.md):
-- the units that passed a station in a window (and under a material load) through their bindings,
-- a supplier's bindings, a range of component serials of a part, and a line's units in a window.
CREATE INDEX IF NOT EXISTS unit_component_station_idx
  ON unit_component (site, line, station, bound_at);
CREATE INDEX IF NOT EXISTS unit_component_supplier_idx
  ON unit_component (supplier, part_number) WHERE supplier IS NOT NULL;
CREATE INDEX IF NOT EXISTS unit_component_part_serial_idx
  ON unit_component (part_number, component_serial) WHERE component_serial IS NOT NULL;
CREATE INDEX IF NOT EXISTS unit_line_made_idx ON unit (site, line, serialized_at);
CREATE INDEX IF NOT EXISTS supplier_lot_supplier_idx ON supplier_lot (supplier);
