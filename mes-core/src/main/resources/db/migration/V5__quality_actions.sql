-- What quality staff do to the record: hold and release units, run recall campaigns, and
-- correct genealogy. Each action keeps who, when and why; nothing is overwritten.

CREATE TABLE unit_hold (
  id               bigserial PRIMARY KEY,
  unit_serial      text NOT NULL REFERENCES unit (serial),
  reason           text NOT NULL,
  previous_status  text NOT NULL,
  held_by          text NOT NULL,
  held_at          timestamptz NOT NULL DEFAULT now(),
  recall_id        bigint,
  released_by      text,
  released_at      timestamptz,
  release_reason   text
);
CREATE UNIQUE INDEX unit_hold_open_idx ON unit_hold (unit_serial) WHERE released_at IS NULL;

CREATE TABLE recall (
  id            bigserial PRIMARY KEY,
  title         text NOT NULL,
  reason        text NOT NULL,
  trace_query   text NOT NULL,
  status        text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'CLOSED')),
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  closed_by     text,
  closed_at     timestamptz,
  close_reason  text
);

CREATE TABLE recall_unit (
  recall_id    bigint NOT NULL REFERENCES recall (id),
  unit_serial  text NOT NULL,
  depth        integer NOT NULL,
  top_level    boolean NOT NULL,
  PRIMARY KEY (recall_id, unit_serial)
);

-- A genealogy correction never rewrites an edge: it closes the wrong one (unbind) or adds the
-- right one (bind), and both the correction and the edges it touched reference each other.
CREATE TABLE genealogy_correction (
  id             bigserial PRIMARY KEY,
  unit_serial    text NOT NULL,
  action         text NOT NULL CHECK (action IN ('bind', 'unbind')),
  edge_id        bigint NOT NULL REFERENCES unit_component (id),
  reason         text NOT NULL,
  corrected_by   text NOT NULL,
  corrected_at   timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE unit_component ADD COLUMN correction_id bigint;
