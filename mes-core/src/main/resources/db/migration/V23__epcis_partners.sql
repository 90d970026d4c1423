-- EPCIS 2.0 with trading partners (docs/integration.md, "EPCIS with trading partners").
--
-- A partner is a customer's or an authority's EPCIS repository. It sees the shipments made to the
-- customers and ship-to locations listed for it: it may pull their events from GET /epcis/events
-- with an API token tied to it, and, when push is on, each such shipment is sent to its capture
-- interface (POST /capture) by a push job recorded in the shipment's own transaction.

CREATE TABLE epcis_partner (
  name                   text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
  capture_url            text CHECK (capture_url ~ '^https?://'),
  auth_kind              text NOT NULL DEFAULT 'NONE' CHECK (auth_kind IN ('NONE', 'BEARER', 'BASIC')),
  auth_username          text,
  -- the bearer token or the basic password given to us by the partner; it is sent to the partner
  -- and so is kept as given (never shown by the API)
  auth_secret            text,
  customers              text[] NOT NULL DEFAULT '{}',
  locations              text[] NOT NULL DEFAULT '{}',
  push                   boolean NOT NULL DEFAULT false,
  include_commissioning  boolean NOT NULL DEFAULT true,
  created_by             text NOT NULL,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_by             text NOT NULL,
  updated_at             timestamptz NOT NULL DEFAULT now(),
  CHECK (NOT push OR capture_url IS NOT NULL),
  CHECK ((auth_kind = 'NONE') = (auth_secret IS NULL)),
  CHECK ((auth_kind = 'BASIC') = (auth_username IS NOT NULL))
);

-- Which API tokens query for which partner (role partner): the scope of GET /epcis/events.
CREATE TABLE epcis_partner_token (
  token_id  text PRIMARY KEY REFERENCES api_token (id),
  partner   text NOT NULL REFERENCES epcis_partner (name)
);
CREATE INDEX epcis_partner_token_partner_idx ON epcis_partner_token (partner);

-- When a shipment was recorded (not when it says it shipped, which may be earlier): the EPCIS
-- recordTime of the events a partner sees of it, and the order in which partners page through them.
ALTER TABLE shipment ADD COLUMN recorded_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX shipment_recorded_idx ON shipment (recorded_at, id);
CREATE INDEX shipment_customer_idx ON shipment (ship_to_customer) WHERE ship_to_customer IS NOT NULL;
CREATE INDEX shipment_location_idx ON shipment (ship_to_location) WHERE ship_to_location IS NOT NULL;

-- One shipment to push to one partner. State:
--   PENDING    not captured yet (first try, or again after a refused or failed capture): next_attempt_at
--   CAPTURING  the partner accepted the document (202) as capture_id; we poll its status and never
--              post the shipment again while it runs
--   SUCCEEDED  the partner's capture job succeeded
--   FAILED     gave up: the partner refuses the document, or lost a capture we cannot vouch for;
--              an admin's retry makes it PENDING again
CREATE TABLE epcis_push_job (
  id               bigserial PRIMARY KEY,
  partner          text NOT NULL REFERENCES epcis_partner (name),
  shipment_id      bigint NOT NULL REFERENCES shipment (id),
  state            text NOT NULL DEFAULT 'PENDING'
                   CHECK (state IN ('PENDING', 'CAPTURING', 'SUCCEEDED', 'FAILED')),
  capture_id       text,
  capture_url      text,
  captures         integer NOT NULL DEFAULT 0,   -- documents the partner accepted (202)
  attempts         integer NOT NULL DEFAULT 0,   -- exchanges with the partner, all kinds
  failures         integer NOT NULL DEFAULT 0,   -- failed exchanges in a row (the backoff)
  status_misses    integer NOT NULL DEFAULT 0,   -- 404s in a row to the capture's status
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  leased_until     timestamptz,
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  finished_at      timestamptz,
  UNIQUE (partner, shipment_id),
  CHECK ((state = 'CAPTURING') <= (capture_id IS NOT NULL))
);
CREATE INDEX epcis_push_job_due_idx ON epcis_push_job (next_attempt_at)
  WHERE state IN ('PENDING', 'CAPTURING');

-- Every exchange with the partner about a job, for the record: what was sent or asked, and what
-- came back (HTTP status, capture id, the partner's errors, or why it could not be reached).
CREATE TABLE epcis_push_attempt (
  id           bigserial PRIMARY KEY,
  job_id       bigint NOT NULL REFERENCES epcis_push_job (id),
  at           timestamptz NOT NULL DEFAULT clock_timestamp(),
  kind         text NOT NULL CHECK (kind IN ('CAPTURE', 'STATUS', 'RETRY')),
  http_status  integer,
  outcome      text NOT NULL,
  detail       text
);
CREATE INDEX epcis_push_attempt_job_idx ON epcis_push_attempt (job_id, id);
