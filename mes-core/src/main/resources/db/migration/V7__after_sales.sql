-- After the line: where each unit is (locations, transfers, shipments), who bought it (customers,
-- sales, warranty), and what came back (returns, repairs), plus stolen or lost reports and the
-- alerts raised when such a unit is seen again. History is appended, never rewritten.

-- Warranty policy per product: how many months, counted from the sale or from the shipment.
ALTER TABLE product
  ADD COLUMN warranty_months integer CHECK (warranty_months >= 0),
  ADD COLUMN warranty_starts text CHECK (warranty_starts IN ('SALE', 'SHIPMENT'));

-- Places as a tree: a SITE holds WAREHOUSEs, a warehouse ZONEs, a zone BINs.
CREATE TABLE location (
  code        text PRIMARY KEY,
  name        text,
  kind        text NOT NULL CHECK (kind IN ('SITE', 'WAREHOUSE', 'ZONE', 'BIN')),
  parent      text REFERENCES location (code),
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'SITE') = (parent IS NULL))
);
CREATE INDEX location_parent_idx ON location (parent);

-- Where a line's completed units go. Not tied to the line table: a line may be configured
-- before its first event arrives.
CREATE TABLE line_completion_location (
  site        text NOT NULL,
  line        text NOT NULL,
  location    text NOT NULL REFERENCES location (code),
  updated_by  text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site, line)
);

CREATE TABLE customer (
  reference   text PRIMARY KEY,
  name        text NOT NULL,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE customer_address (
  id           bigserial PRIMARY KEY,
  customer     text NOT NULL REFERENCES customer (reference),
  label        text NOT NULL,
  street       text,
  city         text,
  postal_code  text,
  country      text
);
CREATE INDEX customer_address_customer_idx ON customer_address (customer);

CREATE TABLE transfer (
  id             bigserial PRIMARY KEY,
  from_location  text REFERENCES location (code),
  to_location    text NOT NULL REFERENCES location (code),
  units          integer NOT NULL,
  note           text,
  moved_by       text NOT NULL,
  moved_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE transfer_unit (
  transfer_id  bigint NOT NULL REFERENCES transfer (id),
  serial       text NOT NULL,
  PRIMARY KEY (transfer_id, serial)
);
CREATE INDEX transfer_unit_serial_idx ON transfer_unit (serial);

-- Ship-to is a customer or one of our locations (another site, a warehouse).
CREATE TABLE shipment (
  id                  bigserial PRIMARY KEY,
  reference           text,
  ship_to_customer    text REFERENCES customer (reference),
  ship_to_location    text REFERENCES location (code),
  carrier             text,
  tracking_ref        text,
  shipped_at          timestamptz NOT NULL,
  shipped_by          text NOT NULL,
  received_at         timestamptz,
  received_by         text,
  received_location   text REFERENCES location (code),
  CHECK ((ship_to_customer IS NULL) <> (ship_to_location IS NULL))
);

CREATE TABLE shipment_package (
  id           bigserial PRIMARY KEY,
  shipment_id  bigint NOT NULL REFERENCES shipment (id),
  reference    text NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('PACKAGE', 'PALLET')),
  sscc         text,
  UNIQUE (shipment_id, reference)
);

CREATE TABLE shipment_unit (
  shipment_id    bigint NOT NULL REFERENCES shipment (id),
  serial         text NOT NULL,
  package_id     bigint REFERENCES shipment_package (id),
  from_location  text,
  PRIMARY KEY (shipment_id, serial)
);
CREATE INDEX shipment_unit_serial_idx ON shipment_unit (serial);

-- A serial sold on an order line. ended_at closes it (refunded or replaced): the unit may be sold
-- again, and its warranty no longer runs from this sale.
CREATE TABLE sale (
  id            bigserial PRIMARY KEY,
  serial        text NOT NULL,
  order_number  text NOT NULL,
  order_line    text,
  customer      text NOT NULL REFERENCES customer (reference),
  sold_on       date NOT NULL,
  recorded_by   text NOT NULL,
  recorded_at   timestamptz NOT NULL DEFAULT now(),
  ended_at      timestamptz,
  end_reason    text
);
CREATE UNIQUE INDEX sale_active_idx ON sale (serial) WHERE ended_at IS NULL;
CREATE INDEX sale_customer_idx ON sale (customer);
CREATE INDEX sale_order_idx ON sale (order_number);

-- Where each unit is now: in one of our locations, on its way (a shipment), or at a customer.
-- The unit row may be created later in the same ingesting transaction, hence DEFERRABLE.
CREATE TABLE unit_place (
  serial       text PRIMARY KEY REFERENCES unit (serial) DEFERRABLE INITIALLY DEFERRED,
  location     text REFERENCES location (code),
  shipment_id  bigint REFERENCES shipment (id),
  customer     text REFERENCES customer (reference),
  since        timestamptz NOT NULL,
  CHECK (num_nonnulls(location, shipment_id, customer) = 1)
);
CREATE INDEX unit_place_location_idx ON unit_place (location) WHERE location IS NOT NULL;
CREATE INDEX unit_place_customer_idx ON unit_place (customer) WHERE customer IS NOT NULL;

-- The after-sales part of each unit's timeline: moves, shipments, sales, returns, repairs,
-- stolen reports. from_place/to_place are set for moves.
CREATE TABLE unit_history (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  serial      text NOT NULL,
  kind        text NOT NULL,
  at          timestamptz NOT NULL,
  by          text NOT NULL,
  from_place  text,
  to_place    text,
  site        text,
  details     jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX unit_history_serial_idx ON unit_history (serial, at);

CREATE TABLE stolen_report (
  id                bigserial PRIMARY KEY,
  serial            text NOT NULL REFERENCES unit (serial),
  kind              text NOT NULL CHECK (kind IN ('STOLEN', 'LOST')),
  reported_by       text NOT NULL,
  police_reference  text,
  note              text,
  recorded_by       text NOT NULL,
  reported_at       timestamptz NOT NULL DEFAULT now(),
  cleared_at        timestamptz,
  cleared_by        text,
  clear_reason      text
);
CREATE UNIQUE INDEX stolen_report_open_idx ON stolen_report (serial) WHERE cleared_at IS NULL;

-- A stolen or lost unit seen again: where (a line's station, a location, a desk) and what saw it.
CREATE TABLE alert (
  id               bigserial PRIMARY KEY,
  serial           text NOT NULL,
  kind             text NOT NULL,
  stolen_report    bigint REFERENCES stolen_report (id),
  seen_where       text NOT NULL,
  seen_what        text NOT NULL,
  event_id         uuid,
  raised_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
  acknowledged_by  text,
  acknowledged_at  timestamptz
);
CREATE INDEX alert_open_idx ON alert (raised_at) WHERE acknowledged_at IS NULL;
CREATE INDEX alert_serial_idx ON alert (serial);

-- Returns: authorised against an active sale, received at a location, inspected, disposed of.
CREATE TABLE rma (
  id                  bigserial PRIMARY KEY,
  serial              text NOT NULL,
  customer            text NOT NULL REFERENCES customer (reference),
  sale_id             bigint NOT NULL REFERENCES sale (id),
  complaint           text NOT NULL,
  status              text NOT NULL CHECK (status IN ('AUTHORISED', 'RECEIVED', 'INSPECTED', 'CLOSED')),
  authorised_by       text NOT NULL,
  authorised_at       timestamptz NOT NULL DEFAULT now(),
  received_by         text,
  received_at         timestamptz,
  received_location   text REFERENCES location (code),
  findings            text,
  disposition         text CHECK (disposition IN ('REPAIR', 'REPLACE', 'REFUND', 'SCRAP')),
  inspected_by        text,
  inspected_at        timestamptz,
  replacement_serial  text,
  closed_at           timestamptz
);
CREATE UNIQUE INDEX rma_open_idx ON rma (serial) WHERE status <> 'CLOSED';

-- A repair's replaced components, each through the genealogy corrections (unbind, then bind).
CREATE TABLE rma_repair (
  id                      bigserial PRIMARY KEY,
  rma_id                  bigint NOT NULL REFERENCES rma (id),
  part_number             text NOT NULL,
  removed_serial          text,
  removed_lot             text,
  fitted_serial           text,
  fitted_lot              text,
  unbind_correction_id    bigint NOT NULL REFERENCES genealogy_correction (id),
  bind_correction_id      bigint NOT NULL REFERENCES genealogy_correction (id),
  repaired_by             text NOT NULL,
  repaired_at             timestamptz NOT NULL DEFAULT now()
);

-- In the ingesting transaction, once per batch (a statement trigger over the inserted rows, so
-- the hot path pays one set-based statement, and nothing at all while no report or completion
-- location exists):
--   * an event about a unit reported stolen or lost (as subject or component) raises an alert;
--   * a unit COMPLETED on a line with a completion location enters that location, unless it has
--     a place already (a late or repeated completion never pulls a shipped unit back).
CREATE FUNCTION unitrace_after_sales_on_events() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM stolen_report WHERE cleared_at IS NULL) THEN
    INSERT INTO alert (serial, kind, stolen_report, seen_where, seen_what, event_id)
    SELECT s.serial, s.kind || '_UNIT_SEEN', s.id,
           'line ' || f.site || '/' || f.line || ', station ' || f.station,
           f.type || ' event from agent ' || f.agent_id || ' (seq ' || f.seq || ')', f.event_id
      FROM fresh f
      JOIN stolen_report s ON s.cleared_at IS NULL
                          AND (s.serial = f.unit_serial OR s.serial = f.component_serial);
  END IF;
  IF EXISTS (SELECT 1 FROM line_completion_location) THEN
    WITH done AS (
      SELECT DISTINCT ON (f.unit_serial) f.unit_serial AS serial, f.occurred_at, f.site, f.line,
             f.station, f.event_id, c.location
        FROM fresh f JOIN line_completion_location c ON c.site = f.site AND c.line = f.line
       WHERE f.type = 'UnitStatusChanged' AND f.payload ->> 'status' = 'COMPLETED'
       ORDER BY f.unit_serial, f.occurred_at
    ), placed AS (
      INSERT INTO unit_place (serial, location, since)
      SELECT serial, location, occurred_at FROM done
      ON CONFLICT (serial) DO NOTHING
      RETURNING serial
    )
    INSERT INTO unit_history (serial, kind, at, by, to_place, site, details)
    SELECT d.serial, 'EnteredLocation', d.occurred_at, 'line ' || d.site || '/' || d.line,
           d.location, d.site,
           jsonb_build_object('location', d.location, 'completedAt',
                              d.site || '/' || d.line || '/' || d.station, 'eventId', d.event_id)
      FROM done d JOIN placed p ON p.serial = d.serial;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER event_after_sales
  AFTER INSERT ON event REFERENCING NEW TABLE AS fresh
  FOR EACH STATEMENT EXECUTE FUNCTION unitrace_after_sales_on_events();
