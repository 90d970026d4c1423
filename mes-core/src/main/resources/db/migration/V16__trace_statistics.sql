-- Planner statistics the trace and the common-factor analysis need at plant scale.
-- A part number has one or two suppliers: without these, PostgreSQL multiplies the two columns'
-- frequencies as if independent and expects 17,000 of a supplier's 350,000 bindings of a part,
-- then reads the whole supplier index into a bitmap to keep the first 1,000 rows of a sample
-- (docs/trace.md, "Common factors at scale"). The same for a station's bindings (a station
-- belongs to one line). Extended statistics cost only ANALYZE time.
CREATE STATISTICS IF NOT EXISTS unit_component_supplier_part_stats (dependencies, mcv)
  ON supplier, part_number FROM unit_component;
CREATE STATISTICS IF NOT EXISTS unit_component_station_stats (dependencies, mcv)
  ON site, line, station FROM unit_component;
ANALYZE unit_component;
