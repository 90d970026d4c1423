-- The unbinds that arrived before their bind (bound_at IS NULL): every batch's bindings look for
-- one to complete. Without this index that lookup read all of unit_component per batch (a hash
-- over a sequential scan, the plan the planner picks for a few hundred bindings), growing with the
-- plant; these rows are a handful, so the index is too, and a binding that has its bind costs it
-- nothing (a partial index takes only the rows it describes).
CREATE INDEX unit_component_unbound_first_idx ON unit_component (unit_serial)
  WHERE bound_at IS NULL;
