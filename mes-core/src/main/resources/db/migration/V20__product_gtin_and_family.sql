-- A product's GS1 trade item number and its label family.
--
-- gtin: the GTIN-14 of the product (GTIN-8/12/13 are stored left-padded with zeros to 14 digits,
-- as GS1 element strings and Digital Link URIs carry them). Where a product has one, its units
-- are identified as SGTINs (01 + 21) in EPCIS, on labels and in Digital Link URIs. The check
-- digit is verified by the application, which names the wrong digit; the database keeps the
-- shape and the uniqueness.
-- family: the product family whose label templates print its units (docs/labels.md); empty
-- means the default templates.
ALTER TABLE product
  ADD COLUMN gtin text CHECK (gtin ~ '^[0-9]{14}$'),
  ADD COLUMN family text CHECK (family ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$');

CREATE UNIQUE INDEX product_gtin_key ON product (gtin) WHERE gtin IS NOT NULL;
