-- ERP file drops (docs/integration.md, "Inbound files"): every file an inbound flow took, and what
-- became of it. The ledger is what makes a file import happen once, however many mes-core
-- instances watch the same folder or SFTP directory, and however often the same file is dropped.

CREATE TABLE integration_file (
  id            bigserial PRIMARY KEY,
  flow          text        NOT NULL,  -- lots, sales, shipments, products
  source        text        NOT NULL,  -- folder:/path or sftp://user@host:port/dir
  file_name     text        NOT NULL,
  file_size     bigint      NOT NULL,
  file_modified timestamptz,           -- as the folder or SFTP server reported it
  sha256        text        NOT NULL,  -- of the file's bytes, as dropped
  outcome       text        NOT NULL CHECK (outcome IN ('imported', 'rejected', 'duplicate')),
  moved_to      text        NOT NULL,  -- done/... or error/..., relative to the watched directory
  detail        jsonb,                 -- imported: the import's summary; otherwise the problems
  report        text,                  -- the error report written beside a file moved to error/
  identity      text        NOT NULL,  -- the integration identity the import ran as
  instance      text        NOT NULL,  -- the mes-core instance that took the file
  at            timestamptz NOT NULL DEFAULT now()
);

-- A file's content is imported once per flow: a second instance inserting the same claim waits for
-- the first one's transaction and then finds the row; a re-dropped copy is recorded as a duplicate.
CREATE UNIQUE INDEX integration_file_imported_once
  ON integration_file (flow, sha256) WHERE outcome = 'imported';
CREATE INDEX integration_file_by_time ON integration_file (at DESC);
CREATE INDEX integration_file_by_name ON integration_file (flow, file_name);

-- Which instance is handling a file of a watched directory right now: the others leave it alone
-- until the lease expires (an instance that died mid-file lets another take over).
CREATE TABLE integration_file_lease (
  flow        text        NOT NULL,
  source      text        NOT NULL,
  file_name   text        NOT NULL,
  holder      text        NOT NULL,
  expires_at  timestamptz NOT NULL,
  PRIMARY KEY (flow, source, file_name)
);
