-- Browser sessions that end, and failed logins that slow down.

-- A user's credentials version: a session remembers the version it was opened with and is
-- honoured only while the row still has it (checked on every request that rides on a session, on
-- whichever mes-core instance serves it). Disabling a user, changing their roles or password, and
-- an admin's "end sessions" move it on, which ends every session opened before.
ALTER TABLE app_user ADD COLUMN credentials_version bigint NOT NULL DEFAULT 0;

-- Failed password logins (form and HTTP Basic), counted per user name and per client address in a
-- fixed window; a key with too many failures is refused until blocked_until. Shared by all
-- instances on this database, so the limit holds however many there are.
CREATE TABLE login_throttle (
  key           text PRIMARY KEY,          -- 'user:<name>' or 'addr:<address>'
  failures      integer NOT NULL,
  window_start  timestamptz NOT NULL,
  blocked_until timestamptz
);
CREATE INDEX login_throttle_window_idx ON login_throttle (window_start);
