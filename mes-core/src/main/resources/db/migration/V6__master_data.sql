-- Master data and integrity: bills of materials per product revision (with approved
-- alternates), what the ERP says about supplier lots, and the integrity exceptions that
-- ingestion raises for quality review.

ALTER TABLE product ADD COLUMN updated_at timestamptz;
ALTER TABLE product_revision ADD COLUMN bom_updated_at timestamptz;

-- One line of a revision's BOM: what goes in at a position, tracked by serial or by lot.
CREATE TABLE bom_item (
  id                     bigserial PRIMARY KEY,
  part_number            text NOT NULL,
  revision               text NOT NULL,
  position               text NOT NULL,
  component_part_number  text NOT NULL,
  tracking               text CHECK (tracking IN ('SERIAL', 'LOT')),
  station                text,
  quantity               numeric NOT NULL DEFAULT 1 CHECK (quantity > 0),
  required               boolean NOT NULL DEFAULT true,
  note                   text,
  FOREIGN KEY (part_number, revision) REFERENCES product_revision (part_number, revision),
  UNIQUE (part_number, revision, position)
);
CREATE INDEX bom_item_component_idx ON bom_item (component_part_number);

-- An approved alternate for a BOM line: a substitute part number, or the same part from an
-- approved supplier (supplier set).
CREATE TABLE bom_alternate (
  id           bigserial PRIMARY KEY,
  bom_item_id  bigint NOT NULL REFERENCES bom_item (id) ON DELETE CASCADE,
  part_number  text NOT NULL,
  supplier     text,
  note         text
);
CREATE INDEX bom_alternate_item_idx ON bom_alternate (bom_item_id);

-- Runs planned through the API before the line starts them.
ALTER TABLE production_run ADD COLUMN planned_start timestamptz;
ALTER TABLE production_run ADD COLUMN planned_end timestamptz;
ALTER TABLE production_run ADD COLUMN created_by text;

ALTER TABLE supplier_lot ADD COLUMN certificate text;
ALTER TABLE supplier_lot ADD COLUMN registered_by text;
ALTER TABLE supplier_lot ADD COLUMN updated_at timestamptz;
CREATE INDEX supplier_lot_supplier_idx ON supplier_lot (supplier);

-- What ingestion found wrong, kept until quality resolves it with a reason.
-- edge_id is the binding at fault; other_edge_id the earlier binding of the same serial
-- (DOUBLE_CONSUMPTION); position the unfilled BOM position (INCOMPLETE).
CREATE TABLE integrity_exception (
  id                bigserial PRIMARY KEY,
  kind              text NOT NULL CHECK (kind IN ('WRONG_PART', 'DOUBLE_CONSUMPTION', 'INCOMPLETE')),
  serial            text NOT NULL,
  part_number       text,
  revision          text,
  position          text,
  component_part    text,
  component_serial  text,
  lot               text,
  other_serial      text,
  edge_id           bigint REFERENCES unit_component (id),
  other_edge_id     bigint REFERENCES unit_component (id),
  detail            text NOT NULL,
  detected_at       timestamptz NOT NULL DEFAULT now(),
  resolved_at       timestamptz,
  resolved_by       text,
  resolution        text
);
CREATE INDEX integrity_exception_open_idx ON integrity_exception (kind, detected_at)
  WHERE resolved_at IS NULL;
CREATE INDEX integrity_exception_serial_idx ON integrity_exception (serial);
-- One flag per fault: the same binding is not flagged twice, nor the same pair of bindings,
-- nor an unfilled position of a unit while its flag is open.
CREATE UNIQUE INDEX integrity_exception_wrong_part_uq ON integrity_exception (edge_id)
  WHERE kind = 'WRONG_PART';
CREATE UNIQUE INDEX integrity_exception_double_uq ON integrity_exception (edge_id, other_edge_id)
  WHERE kind = 'DOUBLE_CONSUMPTION';
CREATE UNIQUE INDEX integrity_exception_incomplete_uq ON integrity_exception (serial, position)
  WHERE kind = 'INCOMPLETE' AND resolved_at IS NULL;
