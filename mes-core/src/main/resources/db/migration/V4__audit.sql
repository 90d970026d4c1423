-- The audit trail: who recorded or changed what, when, from what to what, and why.
-- Written in the same transaction as the change it describes; never changed afterwards.

CREATE TABLE audit_record (
  id           bigserial PRIMARY KEY,
  -- clock_timestamp(), not now(): records of one long transaction keep their real order in time
  at           timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor        text NOT NULL,          -- user name, token name, JWT subject, or 'system'
  actor_kind   text,                   -- user, token, jwt, anonymous, system
  roles        text[],
  action       text NOT NULL,          -- e.g. station.update, token.create, recall.close
  entity_type  text,
  entity_id    text,
  before       jsonb,
  after        jsonb,
  reason       text,
  request_id   text,
  remote_addr  text
);

-- GET /api/audit answers newest first (id DESC) and pages by id, so each filter index ends in id.
-- entity_type alone is not indexed: a handful of values, where scanning back by id is as quick.
CREATE INDEX audit_record_actor_idx ON audit_record (actor, id DESC);
CREATE INDEX audit_record_action_idx ON audit_record (action, id DESC);
CREATE INDEX audit_record_entity_idx ON audit_record (entity_id, id DESC);
CREATE INDEX audit_record_at_idx ON audit_record (at);

-- Append-only, enforced here and not only in the application: any UPDATE, DELETE or TRUNCATE
-- fails, whoever sends it. (A statement-level trigger fires even when no row matches.)
CREATE FUNCTION unitrace_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit records are append-only: % on audit_record refused', TG_OP
    USING ERRCODE = 'restrict_violation',
          HINT = 'an audit record cannot be changed or deleted; record a correction instead';
END;
$$;

CREATE TRIGGER audit_record_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_record
  FOR EACH STATEMENT EXECUTE FUNCTION unitrace_audit_append_only();
