-- A hold freezes the unit's status (issue 21): while a unit is held, a status its line reports is
-- kept on the open hold, as the status to come back on release, instead of replacing HELD. The
-- status's time and reason travel with it, so the latest report still wins, whatever the order
-- the reports arrive in, and the status comes back with its own time.
ALTER TABLE unit_hold
  ADD COLUMN previous_status_at timestamptz,
  ADD COLUMN previous_status_reason text;
