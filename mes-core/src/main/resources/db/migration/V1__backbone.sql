-- The relational core: plant structure, products, runs, units and their genealogy,
-- the event ledger (idempotency by event_id), dead letters and per-agent watermarks.

CREATE TABLE site (
  code        text PRIMARY KEY,
  name        text,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE line (
  site        text NOT NULL REFERENCES site (code),
  code        text NOT NULL,
  name        text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site, code)
);

CREATE TABLE station (
  site              text NOT NULL,
  line              text NOT NULL,
  code              text NOT NULL,
  name              text,
  kind              text,
  state             text,
  fault_code        text,
  state_changed_at  timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site, line, code),
  FOREIGN KEY (site, line) REFERENCES line (site, code)
);

CREATE TABLE product (
  part_number  text PRIMARY KEY,
  name         text,
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE product_revision (
  part_number  text NOT NULL REFERENCES product (part_number),
  revision     text NOT NULL,
  description  text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (part_number, revision)
);

CREATE TABLE production_run (
  run_id             text PRIMARY KEY,
  site               text,
  line               text,
  part_number        text,
  revision           text,
  planned_quantity   integer,
  shift              text,
  started_at         timestamptz,
  ended_at           timestamptz,
  produced_quantity  integer,
  end_reason         text,
  created_at         timestamptz NOT NULL DEFAULT now()
);

-- A unit row may first appear as the target of a binding that arrived before its
-- UnitSerialized event (serialized_at IS NULL); the UnitSerialized fills it in.
CREATE TABLE unit (
  serial             text PRIMARY KEY,
  part_number        text,
  revision           text,
  run_id             text,
  site               text,
  line               text,
  station            text,
  status             text NOT NULL DEFAULT 'IN_PROCESS',
  status_reason      text,
  status_changed_at  timestamptz,
  serialized_at      timestamptz,
  serialized_event   uuid,
  created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX unit_run_idx ON unit (run_id);

-- Genealogy edges. A component is either a serial (possibly itself a unit: a sub-assembly)
-- or a quantity of a supplier lot. Unbinding (rework) closes the edge; it is never deleted.
-- bound_at IS NULL marks an unbind that arrived before its bind; the bind completes the row.
CREATE TABLE unit_component (
  id                bigserial PRIMARY KEY,
  unit_serial       text NOT NULL,
  part_number       text NOT NULL,
  component_serial  text,
  lot               text,
  supplier          text,
  quantity          numeric,
  position          text,
  site              text,
  line              text,
  station           text,
  bound_at          timestamptz,
  bound_event       uuid,
  unbound_at        timestamptz,
  unbound_event     uuid,
  unbind_reason     text,
  CHECK ((component_serial IS NULL) <> (lot IS NULL))
);
CREATE INDEX unit_component_unit_idx ON unit_component (unit_serial);
CREATE INDEX unit_component_serial_idx ON unit_component (component_serial)
  WHERE component_serial IS NOT NULL;
CREATE INDEX unit_component_lot_idx ON unit_component (part_number, lot) WHERE lot IS NOT NULL;

-- Supplier lots; a lot first seen on the line is registered with received = false.
CREATE TABLE supplier_lot (
  part_number    text NOT NULL,
  lot            text NOT NULL,
  supplier       text,
  received       boolean NOT NULL DEFAULT false,
  received_at    timestamptz,
  quantity       numeric,
  note           text,
  first_seen_at  timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (part_number, lot)
);

-- Which lot was loaded where and when (for "units that passed a station while lot X was loaded").
CREATE TABLE material_load (
  id            bigserial PRIMARY KEY,
  site          text NOT NULL,
  line          text NOT NULL,
  station       text NOT NULL,
  part_number   text NOT NULL,
  lot           text NOT NULL,
  slot          text,
  quantity      numeric,
  loaded_at     timestamptz,
  load_event    uuid,
  unloaded_at   timestamptz,
  unload_event  uuid
);
CREATE INDEX material_load_station_idx ON material_load (site, line, station, loaded_at);
CREATE INDEX material_load_lot_idx ON material_load (part_number, lot);

-- The ledger: every accepted event, once. unit_serial is the unit it is about,
-- component_serial the serial bound or unbound (so a unit's timeline shows where it went in).
CREATE TABLE event (
  event_id          uuid PRIMARY KEY,
  type              text NOT NULL,
  schema_version    integer NOT NULL,
  occurred_at       timestamptz NOT NULL,
  received_at       timestamptz NOT NULL DEFAULT now(),
  site              text NOT NULL,
  line              text NOT NULL,
  station           text NOT NULL,
  agent_id          text NOT NULL,
  seq               bigint NOT NULL,
  unit_serial       text,
  component_serial  text,
  source            text NOT NULL,
  payload           jsonb NOT NULL
);
CREATE INDEX event_unit_idx ON event (unit_serial) WHERE unit_serial IS NOT NULL;
CREATE INDEX event_component_idx ON event (component_serial) WHERE component_serial IS NOT NULL;

CREATE TABLE dead_letter (
  id           bigserial PRIMARY KEY,
  received_at  timestamptz NOT NULL DEFAULT now(),
  source       text NOT NULL,
  topic        text,
  reason       text NOT NULL,
  path         text,
  event_id     uuid,
  agent_id     text,
  raw          bytea NOT NULL
);
CREATE INDEX dead_letter_received_idx ON dead_letter (received_at DESC);

CREATE TABLE agent (
  agent_id        text PRIMARY KEY,
  site            text,
  line            text,
  last_seq        bigint NOT NULL,
  first_seen_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at    timestamptz NOT NULL DEFAULT now(),
  events_stored   bigint NOT NULL DEFAULT 0
);

-- Missing sequence numbers per agent; a gap shrinks or disappears when late events fill it.
CREATE TABLE agent_seq_gap (
  agent_id     text NOT NULL REFERENCES agent (agent_id),
  from_seq     bigint NOT NULL,
  to_seq       bigint NOT NULL,
  detected_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (agent_id, from_seq),
  CHECK (from_seq <= to_seq)
);

-- Applies bindings and unbindings in the order given (one call per ingested batch), so a
-- rework sequence (bind, unbind, bind again) inside one batch lands as it happened.
-- An unbind whose bind has not arrived yet is kept as a row with bound_at NULL; the bind,
-- when it comes, completes that row instead of opening a new binding.
CREATE FUNCTION unitrace_apply_bindings(
  kinds text[], event_ids uuid[], times timestamptz[], sites text[], lines text[], stations text[],
  unit_serials text[], part_numbers text[], component_serials text[], lots text[],
  suppliers text[], quantities numeric[], positions text[], reasons text[])
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  target bigint;
BEGIN
  FOR i IN 1 .. coalesce(array_length(kinds, 1), 0) LOOP
    IF kinds[i] = 'bind' THEN
      SELECT id INTO target FROM unit_component
       WHERE unit_serial = unit_serials[i] AND part_number = part_numbers[i]
         AND component_serial IS NOT DISTINCT FROM component_serials[i]
         AND lot IS NOT DISTINCT FROM lots[i]
         AND bound_at IS NULL AND unbound_at >= times[i]
       ORDER BY unbound_at LIMIT 1;
      IF target IS NOT NULL THEN
        UPDATE unit_component
           SET bound_at = times[i], bound_event = event_ids[i], supplier = suppliers[i],
               quantity = quantities[i], position = positions[i]
         WHERE id = target;
      ELSE
        INSERT INTO unit_component (unit_serial, part_number, component_serial, lot, supplier,
                                    quantity, position, site, line, station, bound_at, bound_event)
        VALUES (unit_serials[i], part_numbers[i], component_serials[i], lots[i], suppliers[i],
                quantities[i], positions[i], sites[i], lines[i], stations[i], times[i], event_ids[i]);
      END IF;
    ELSE
      SELECT id INTO target FROM unit_component
       WHERE unit_serial = unit_serials[i] AND part_number = part_numbers[i]
         AND component_serial IS NOT DISTINCT FROM component_serials[i]
         AND lot IS NOT DISTINCT FROM lots[i]
         AND bound_at IS NOT NULL AND unbound_at IS NULL
       ORDER BY bound_at DESC LIMIT 1;
      IF target IS NOT NULL THEN
        UPDATE unit_component
           SET unbound_at = times[i], unbound_event = event_ids[i], unbind_reason = reasons[i]
         WHERE id = target;
      ELSE
        INSERT INTO unit_component (unit_serial, part_number, component_serial, lot, site, line,
                                    station, unbound_at, unbound_event, unbind_reason)
        VALUES (unit_serials[i], part_numbers[i], component_serials[i], lots[i], sites[i],
                lines[i], stations[i], times[i], event_ids[i], reasons[i]);
      END IF;
    END IF;
  END LOOP;
END $$;
