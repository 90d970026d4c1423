-- Handheld desks (issue 18). A request a device sends with an Idempotency-Key header is answered
-- once: the key, who sent it, what it asked and the answer it got are kept, and a resend of the same
-- key (a device that queued it offline, or lost the first answer) gets that answer again without
-- doing the work twice. The key row is written in the transaction that does the work.
CREATE TABLE idempotent_request (
  key           uuid PRIMARY KEY,
  username      text NOT NULL,
  method        text NOT NULL,
  path          text NOT NULL,
  status        integer,
  content_type  text,
  body          bytea,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idempotent_request_created_idx ON idempotent_request (created_at);

-- Every code a handheld scanned: what was read, the serial or SSCC taken from it, the page and
-- location it was scanned at, who scanned it and when (on the device, and at the server). A scan of
-- a stolen or lost unit raises its alert (table alert) beside this row.
CREATE TABLE handheld_scan (
  id           bigserial PRIMARY KEY,
  code         text NOT NULL,
  serial       text,
  sscc         text,
  page         text NOT NULL,
  location     text,
  device       text,
  scanned_by   text NOT NULL,
  scanned_at   timestamptz NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now(),
  alerts       integer NOT NULL DEFAULT 0
);
CREATE INDEX handheld_scan_serial_idx ON handheld_scan (serial);
