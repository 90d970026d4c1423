-- Serial number blocks: the core hands each line agent ranges of a template's sequence, so two
-- agents never issue the same serial and an agent can keep serializing while the core is away.

-- The next free number of a template's sequence in one period ('' when the sequence never resets).
CREATE TABLE serial_counter (
  template   text   NOT NULL,
  period     text   NOT NULL,
  next_seq   bigint NOT NULL CHECK (next_seq >= 0),
  PRIMARY KEY (template, period)
);

-- Which range went to which agent and line, and when.
CREATE TABLE serial_block (
  id           bigserial PRIMARY KEY,
  template     text        NOT NULL,
  period       text        NOT NULL,
  first_seq    bigint      NOT NULL,
  last_seq     bigint      NOT NULL CHECK (last_seq >= first_seq),
  site         text        NOT NULL,
  line         text        NOT NULL,
  agent_id     text        NOT NULL,
  allocated_by text        NOT NULL,
  allocated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX serial_block_line_idx ON serial_block (site, line, template);
