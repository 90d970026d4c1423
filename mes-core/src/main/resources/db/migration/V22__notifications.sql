-- Notifications out (docs/integration.md, "Notifications"): subscriptions, a transactional outbox
-- and its deliveries.
--
-- The outbox is written by triggers on the tables that record each cause (a hold, a recall
-- campaign, an alert, an integrity exception, a dead letter), so a notification exists exactly
-- when the transaction that caused it commits, and never for one that rolled back. With no
-- enabled subscription for a kind, its trigger costs one lookup in a small table per statement
-- and writes nothing; no trigger sits on the event ledger.

CREATE TABLE notification_subscription (
  id          bigserial PRIMARY KEY,
  name        text NOT NULL UNIQUE,
  -- HOLD_PLACED, HOLD_RELEASED, RECALL_OPENED, STOLEN_UNIT_SEEN, DUPLICATE_SERIAL,
  -- INTEGRITY_EXCEPTION, DEAD_LETTER (checked by the API, which names the wrong one)
  kinds       text[] NOT NULL CHECK (cardinality(kinds) > 0),
  -- only causes on this line (null: every line, and causes that have no line)
  line        text,
  channel     text NOT NULL CHECK (channel IN ('WEBHOOK', 'EMAIL')),
  -- the webhook's URL, or the e-mail recipients separated by commas
  target      text NOT NULL,
  -- the webhook's HMAC-SHA256 key
  secret      text,
  enabled     boolean NOT NULL DEFAULT true,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per cause that had a subscriber; its id is the event id receivers de-duplicate on.
CREATE TABLE notification (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind         text NOT NULL,
  site         text,
  line         text,
  subject      text,
  occurred_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  data         jsonb NOT NULL
);

-- One row per notification and subscription: due from next_attempt_at. A worker claims due rows
-- with FOR UPDATE SKIP LOCKED and moves next_attempt_at past its lease before sending, so two
-- instances never send the same row, and a row whose sender died is sent again after the lease.
CREATE TABLE notification_delivery (
  id               bigserial PRIMARY KEY,
  notification_id  uuid NOT NULL REFERENCES notification (id) ON DELETE CASCADE,
  subscription_id  bigint NOT NULL REFERENCES notification_subscription (id) ON DELETE CASCADE,
  state            text NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'DELIVERED', 'DEAD')),
  attempts         integer NOT NULL DEFAULT 0,
  -- retries stop (DEAD) at the configured count, or age counted from here (reset on re-send)
  since            timestamptz NOT NULL DEFAULT now(),
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  last_attempt_at  timestamptz,
  last_error       text,
  delivered_at     timestamptz,
  UNIQUE (notification_id, subscription_id)
);
CREATE INDEX notification_delivery_due_idx ON notification_delivery (next_attempt_at)
  WHERE state = 'PENDING';
CREATE INDEX notification_delivery_state_idx ON notification_delivery (state, id);
CREATE INDEX notification_delivery_subscription_idx ON notification_delivery (subscription_id);

-- Every try, with what the receiver answered or why it could not be reached.
CREATE TABLE notification_attempt (
  id           bigserial PRIMARY KEY,
  delivery_id  bigint NOT NULL REFERENCES notification_delivery (id) ON DELETE CASCADE,
  attempt      integer NOT NULL,
  at           timestamptz NOT NULL DEFAULT now(),
  ok           boolean NOT NULL,
  status       integer,
  error        text,
  took_ms      bigint NOT NULL
);
CREATE INDEX notification_attempt_delivery_idx ON notification_attempt (delivery_id, id);

-- Is anyone subscribed to this kind at all? One lookup per statement, before any other work.
CREATE FUNCTION notification_wanted(p_kind text) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM notification_subscription WHERE enabled AND p_kind = ANY (kinds))
$$;

-- Records one notification and a delivery for each enabled subscription that wants it.
CREATE FUNCTION notification_record(p_kind text, p_site text, p_line text, p_subject text,
                                    p_data jsonb) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  nid uuid;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM notification_subscription
                  WHERE enabled AND p_kind = ANY (kinds) AND (line IS NULL OR line = p_line)) THEN
    RETURN;
  END IF;
  INSERT INTO notification (kind, site, line, subject, data)
  VALUES (p_kind, p_site, p_line, p_subject, p_data) RETURNING id INTO nid;
  INSERT INTO notification_delivery (notification_id, subscription_id)
  SELECT nid, id FROM notification_subscription
   WHERE enabled AND p_kind = ANY (kinds) AND (line IS NULL OR line = p_line);
END
$$;

-- Holds placed and released one by one. A recall campaign's holds are not told one by one: its
-- RECALL_OPENED notification lists them.
CREATE FUNCTION notification_hold_placed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  IF NOT notification_wanted('HOLD_PLACED') THEN
    RETURN NULL;
  END IF;
  FOR r IN SELECT h.*, u.site, u.line, u.part_number, u.revision
             FROM inserted h LEFT JOIN unit u ON u.serial = h.unit_serial
            WHERE h.recall_id IS NULL ORDER BY h.id LOOP
    PERFORM notification_record('HOLD_PLACED', r.site, r.line, r.unit_serial,
      jsonb_build_object('holdId', r.id, 'serial', r.unit_serial, 'partNumber', r.part_number,
                         'revision', r.revision, 'reason', r.reason,
                         'previousStatus', r.previous_status, 'heldBy', r.held_by,
                         'heldAt', r.held_at));
  END LOOP;
  RETURN NULL;
END
$$;
CREATE TRIGGER notification_hold_placed AFTER INSERT ON unit_hold
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION notification_hold_placed();

CREATE FUNCTION notification_hold_released() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  IF NOT notification_wanted('HOLD_RELEASED') THEN
    RETURN NULL;
  END IF;
  FOR r IN SELECT n.*, u.site, u.line, u.part_number, u.revision
             FROM after_rows n JOIN before_rows o ON o.id = n.id
             LEFT JOIN unit u ON u.serial = n.unit_serial
            WHERE o.released_at IS NULL AND n.released_at IS NOT NULL AND n.recall_id IS NULL
            ORDER BY n.id LOOP
    PERFORM notification_record('HOLD_RELEASED', r.site, r.line, r.unit_serial,
      jsonb_build_object('holdId', r.id, 'serial', r.unit_serial, 'partNumber', r.part_number,
                         'revision', r.revision, 'reason', r.reason, 'heldBy', r.held_by,
                         'heldAt', r.held_at, 'releasedBy', r.released_by,
                         'releasedAt', r.released_at, 'releaseReason', r.release_reason));
  END LOOP;
  RETURN NULL;
END
$$;
CREATE TRIGGER notification_hold_released AFTER UPDATE ON unit_hold
  REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows
  FOR EACH STATEMENT EXECUTE FUNCTION notification_hold_released();

-- A recall campaign is told at commit (a deferred trigger), when its units and holds are there.
CREATE FUNCTION notification_recall_opened() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT notification_wanted('RECALL_OPENED') THEN
    RETURN NULL;
  END IF;
  PERFORM notification_record('RECALL_OPENED', NULL, NULL, 'recall #' || NEW.id,
    jsonb_build_object(
      'recallId', NEW.id, 'title', NEW.title, 'reason', NEW.reason, 'source', NEW.source,
      'factorKind', NEW.factor_kind, 'traceQuery', NEW.trace_query,
      'createdBy', NEW.created_by, 'createdAt', NEW.created_at,
      'unitCount', (SELECT count(*) FROM recall_unit WHERE recall_id = NEW.id AND top_level),
      'heldSerials', (SELECT coalesce(jsonb_agg(unit_serial ORDER BY unit_serial), '[]'::jsonb)
                        FROM unit_hold WHERE recall_id = NEW.id AND released_at IS NULL)));
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER notification_recall_opened AFTER INSERT ON recall
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION notification_recall_opened();

-- Alerts: a stolen or lost unit seen again, a serial serialized twice.
CREATE FUNCTION notification_alert() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  r record;
  k text;
BEGIN
  IF NOT (notification_wanted('STOLEN_UNIT_SEEN') OR notification_wanted('DUPLICATE_SERIAL')) THEN
    RETURN NULL;
  END IF;
  FOR r IN SELECT a.*, u.site AS unit_site, u.line AS unit_line, s.reported_by,
                  s.police_reference
             FROM inserted a LEFT JOIN unit u ON u.serial = a.serial
             LEFT JOIN stolen_report s ON s.id = a.stolen_report ORDER BY a.id LOOP
    k := CASE WHEN r.kind = 'DUPLICATE_SERIAL' THEN 'DUPLICATE_SERIAL' ELSE 'STOLEN_UNIT_SEEN' END;
    PERFORM notification_record(k,
      CASE WHEN k = 'DUPLICATE_SERIAL' THEN split_part(r.seen_where, '/', 1) ELSE r.unit_site END,
      CASE WHEN k = 'DUPLICATE_SERIAL' THEN split_part(r.seen_where, '/', 2) ELSE r.unit_line END,
      r.serial,
      jsonb_strip_nulls(jsonb_build_object(
        'alertId', r.id, 'alertKind', r.kind, 'serial', r.serial,
        'stolenReport', r.stolen_report, 'reportedBy', r.reported_by,
        'policeReference', r.police_reference, 'seenWhere', r.seen_where,
        'seenWhat', r.seen_what, 'eventId', r.event_id, 'raisedAt', r.raised_at)));
  END LOOP;
  RETURN NULL;
END
$$;
CREATE TRIGGER notification_alert AFTER INSERT ON alert
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION notification_alert();

CREATE FUNCTION notification_integrity_exception() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  IF NOT notification_wanted('INTEGRITY_EXCEPTION') THEN
    RETURN NULL;
  END IF;
  FOR r IN SELECT x.*, u.site, u.line FROM inserted x LEFT JOIN unit u ON u.serial = x.serial
            ORDER BY x.id LOOP
    PERFORM notification_record('INTEGRITY_EXCEPTION', r.site, r.line, r.serial,
      jsonb_strip_nulls(jsonb_build_object(
        'exceptionId', r.id, 'exceptionKind', r.kind, 'serial', r.serial,
        'partNumber', r.part_number, 'revision', r.revision, 'position', r.position,
        'componentPart', r.component_part, 'componentSerial', r.component_serial,
        'lot', r.lot, 'otherSerial', r.other_serial, 'detail', r.detail,
        'detectedAt', r.detected_at)));
  END LOOP;
  RETURN NULL;
END
$$;
CREATE TRIGGER notification_integrity_exception AFTER INSERT ON integrity_exception
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT
  EXECUTE FUNCTION notification_integrity_exception();

-- Dead letters come in storms (a misconfigured agent): one notification per stored batch and
-- line, with the count and the first 20 (their ids lead to the raw bytes in the API).
CREATE FUNCTION notification_dead_letter() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  IF NOT notification_wanted('DEAD_LETTER') THEN
    RETURN NULL;
  END IF;
  FOR r IN
    WITH d AS (
      SELECT x.*, coalesce(nullif(split_part(x.topic, '/', 3), ''), a.site) AS site,
             coalesce(nullif(split_part(x.topic, '/', 4), ''), a.line) AS line
        FROM inserted x LEFT JOIN agent a ON a.agent_id = x.agent_id)
    SELECT site, line, count(*) AS n, min(id) AS first_id,
           (array_agg(jsonb_strip_nulls(jsonb_build_object(
              'id', id, 'source', source, 'topic', topic, 'reason', reason, 'path', path,
              'eventId', event_id, 'agentId', agent_id, 'bytes', octet_length(raw),
              'receivedAt', received_at)) ORDER BY id))[1:20] AS first
      FROM d GROUP BY site, line ORDER BY min(id) LOOP
    PERFORM notification_record('DEAD_LETTER', r.site, r.line,
      CASE WHEN r.n = 1 THEN 'dead letter #' || r.first_id ELSE r.n || ' dead letters' END,
      jsonb_build_object('count', r.n, 'deadLetters', to_jsonb(r.first)));
  END LOOP;
  RETURN NULL;
END
$$;
CREATE TRIGGER notification_dead_letter AFTER INSERT ON dead_letter
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION notification_dead_letter();
