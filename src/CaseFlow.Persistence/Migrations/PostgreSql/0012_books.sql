-- Books across years (issue 14): every ledger or challenge import is a batch that can be listed and undone as a whole
-- (import_batches, with the rows each batch inserted or updated and what an updated row was before); an agency's
-- books can start from an opening balance (上年结转, entered per applicant column as the previous year's 四, not as
-- rows); challenges are looked up by (agency, tracking number, kind, filed on) when a bulk import updates a result.
CREATE TABLE import_batches (
    id           VARCHAR(36) NOT NULL PRIMARY KEY,
    agency_code  TEXT        NOT NULL,
    kind         TEXT        NOT NULL CHECK (kind IN ('ledger', 'challenges')),
    file_name    TEXT        NOT NULL,
    imported_at  TIMESTAMPTZ NOT NULL,
    imported_by  TEXT        NOT NULL,
    imported     INTEGER     NOT NULL,
    seq          INTEGER NOT NULL,
    updated      INTEGER     NOT NULL,
    undone_at    TIMESTAMPTZ NULL,
    undone_by    TEXT        NULL
);
CREATE UNIQUE INDEX ux_import_batches_seq ON import_batches (seq);
CREATE INDEX ix_import_batches_agency ON import_batches (agency_code, seq);

CREATE TABLE import_batch_rows (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    batch_id        VARCHAR(36) NOT NULL,
    agency_code     TEXT        NOT NULL,
    tracking_number TEXT        NOT NULL,
    action          TEXT        NOT NULL CHECK (action IN ('inserted', 'updated')),
    previous        TEXT        NULL
);
CREATE INDEX ix_import_batch_rows_batch ON import_batch_rows (batch_id);
CREATE INDEX ix_import_batch_rows_request ON import_batch_rows (agency_code, tracking_number);

CREATE TABLE opening_balances (
    agency_code    TEXT        NOT NULL,
    year           INTEGER     NOT NULL,
    applicant_type INTEGER     NOT NULL,
    requests       INTEGER     NOT NULL CHECK (requests >= 0),
    entered_at     TIMESTAMPTZ NOT NULL,
    entered_by     TEXT        NOT NULL,
    PRIMARY KEY (agency_code, applicant_type)
);

CREATE INDEX ix_challenges_key ON challenges (agency_code, tracking_number, kind, filed_on);
