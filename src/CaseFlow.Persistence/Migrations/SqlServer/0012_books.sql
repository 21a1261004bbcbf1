-- Books across years (issue 14): every ledger or challenge import is a batch that can be listed and undone as a whole
-- (import_batches, with the rows each batch inserted or updated and what an updated row was before); an agency's
-- books can start from an opening balance (上年结转, entered per applicant column as the previous year's 四, not as
-- rows); challenges are looked up by (agency, tracking number, kind, filed on) when a bulk import updates a result.
CREATE TABLE import_batches (
    id           VARCHAR(36)   NOT NULL CONSTRAINT pk_import_batches PRIMARY KEY,
    agency_code  NVARCHAR(400) NOT NULL,
    kind         VARCHAR(16)   NOT NULL CONSTRAINT ck_import_batches_kind CHECK (kind IN ('ledger', 'challenges')),
    file_name    NVARCHAR(260) NOT NULL,
    imported_at  DATETIME2     NOT NULL,
    imported_by  NVARCHAR(200) NOT NULL,
    imported     INT           NOT NULL,
    seq          INT NOT NULL,
    updated      INT           NOT NULL,
    undone_at    DATETIME2     NULL,
    undone_by    NVARCHAR(200) NULL
);
CREATE UNIQUE INDEX ux_import_batches_seq ON import_batches (seq);
CREATE INDEX ix_import_batches_agency ON import_batches (agency_code, seq);

CREATE TABLE import_batch_rows (
    id              BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_import_batch_rows PRIMARY KEY,
    batch_id        VARCHAR(36)   NOT NULL,
    agency_code     NVARCHAR(64)  NOT NULL,
    tracking_number NVARCHAR(32)  NOT NULL,
    action          VARCHAR(16)   NOT NULL CONSTRAINT ck_import_batch_rows_action CHECK (action IN ('inserted', 'updated')),
    previous        NVARCHAR(MAX) NULL
);
CREATE INDEX ix_import_batch_rows_batch ON import_batch_rows (batch_id);
CREATE INDEX ix_import_batch_rows_request ON import_batch_rows (agency_code, tracking_number);

CREATE TABLE opening_balances (
    agency_code    NVARCHAR(64)  NOT NULL,
    year           INT           NOT NULL,
    applicant_type INT           NOT NULL,
    requests       INT           NOT NULL CONSTRAINT ck_opening_balances_requests CHECK (requests >= 0),
    entered_at     DATETIME2     NOT NULL,
    entered_by     NVARCHAR(200) NOT NULL,
    CONSTRAINT pk_opening_balances PRIMARY KEY (agency_code, applicant_type)
);

CREATE INDEX ix_challenges_key ON challenges (agency_code, tracking_number, kind, filed_on);
