-- The annual report (Art. 49–50, 国办公开办函〔2021〕30号): historic requests imported from ledgers (台账), the
-- reconsiderations and lawsuits of table 四, and the locked snapshots of published years. The report reads requests
-- UNION ALL ledger_requests; the covering indexes below let it count a year from the index alone.
CREATE TABLE ledger_requests (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_code     TEXT        NOT NULL,
    tracking_number TEXT        NOT NULL,
    applicant_type  INTEGER     NOT NULL,
    applicant_name  TEXT        NULL,
    received_on     DATE        NOT NULL,
    closed_on       DATE        NULL,
    outcome         INTEGER     NULL,
    handler         TEXT        NULL,
    description     TEXT        NULL,
    source_row      INTEGER     NOT NULL,
    import_batch    VARCHAR(36) NOT NULL,
    imported_at     TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX ux_ledger_requests_tracking ON ledger_requests (agency_code, tracking_number);
CREATE INDEX ix_ledger_requests_report_received ON ledger_requests (received_on, agency_code, applicant_type, closed_on, outcome);
CREATE INDEX ix_ledger_requests_report_open ON ledger_requests (closed_on, received_on, agency_code, applicant_type, outcome);
CREATE INDEX ix_ledger_requests_batch ON ledger_requests (import_batch);

CREATE INDEX ix_requests_report_received ON requests (received_on, agency_code, applicant_type, closed_on, outcome, close_reason);
CREATE INDEX ix_requests_report_open ON requests (closed_on, received_on, agency_code, applicant_type, outcome, close_reason);

CREATE TABLE challenges (
    id                    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_code           TEXT        NOT NULL,
    tracking_number       TEXT        NOT NULL,
    kind                  VARCHAR(16) NOT NULL CHECK (kind IN ('reconsideration', 'litigation')),
    after_reconsideration BOOLEAN     NOT NULL DEFAULT FALSE,
    filed_on              DATE        NOT NULL,
    result                VARCHAR(16) NOT NULL CHECK (result IN ('upheld', 'corrected', 'other', 'pending')),
    decided_on            DATE        NULL,
    recorded_at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_challenges_filed ON challenges (filed_on, agency_code);
CREATE INDEX ix_challenges_request ON challenges (agency_code, tracking_number);

CREATE TABLE report_locks (
    agency_code TEXT        NOT NULL,
    year        INTEGER     NOT NULL,
    locked_at   TIMESTAMPTZ NOT NULL,
    locked_by   TEXT        NOT NULL,
    snapshot    TEXT        NOT NULL,
    PRIMARY KEY (agency_code, year)
);
