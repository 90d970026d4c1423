-- Recall campaigns: what the campaign was made from, each affected unit's state when it was made
-- (where it was, who had it), the holds it placed, and each unit's progress with its history.

ALTER TABLE recall
  ADD COLUMN source         text NOT NULL DEFAULT 'QUERY' CHECK (source IN ('QUERY', 'FACTOR')),
  ADD COLUMN factor_kind    text;

-- A unit inside another (within_serial) carries the state of the top-level unit that holds it.
-- Rows of campaigns created before this migration have no state.
ALTER TABLE recall_unit
  ADD COLUMN within_serial   text,
  ADD COLUMN part_number     text,
  ADD COLUMN state           text CHECK (state IN ('WIP', 'STOCK', 'SHIPPED', 'SOLD', 'SCRAPPED')),
  ADD COLUMN site            text,
  ADD COLUMN line            text,
  ADD COLUMN station         text,
  ADD COLUMN location        text,
  ADD COLUMN shipment_id     bigint,
  ADD COLUMN shipped_at      timestamptz,
  ADD COLUMN customer        text,
  ADD COLUMN sold_on         date,
  ADD COLUMN warranty_until  date,
  ADD COLUMN hold_id         bigint REFERENCES unit_hold (id),
  ADD COLUMN step            text,
  ADD COLUMN step_at         timestamptz;

CREATE INDEX unit_hold_recall_idx ON unit_hold (recall_id) WHERE recall_id IS NOT NULL;
CREATE INDEX recall_unit_serial_idx ON recall_unit (unit_serial);

CREATE TABLE recall_progress (
  id           bigserial PRIMARY KEY,
  recall_id    bigint NOT NULL,
  unit_serial  text NOT NULL,
  step         text NOT NULL CHECK (step IN ('NOTIFIED', 'RETURNED', 'INSPECTED', 'REPAIRED',
                                             'REPLACED', 'SCRAPPED', 'CLOSED')),
  note         text,
  reason       text NOT NULL,
  recorded_by  text NOT NULL,
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (recall_id, unit_serial) REFERENCES recall_unit (recall_id, unit_serial)
);
CREATE INDEX recall_progress_unit_idx ON recall_progress (recall_id, unit_serial, id);
