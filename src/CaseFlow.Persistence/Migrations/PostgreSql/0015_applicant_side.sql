-- The applicant's side (issue 18): access to an online application by tracking number and access code (the code is kept
-- only as its hash), files uploaded before an application is submitted, letters placed in the applicant's space
-- (电子送达), ratings of the handling (好差评) and the rectification of bad ratings (整改).
CREATE TABLE applicant_access (
    request_id             VARCHAR(36) NOT NULL PRIMARY KEY,
    tracking_number        TEXT    NOT NULL,
    agency_code            TEXT    NOT NULL,
    access_code_hash       TEXT    NOT NULL,
    consent_electronic     INTEGER NOT NULL,
    email                  TEXT    NULL,
    phone                  TEXT    NOT NULL,
    receive_by             TEXT    NOT NULL,
    duplicate_of           TEXT    NULL,
    details                TEXT    NULL,
    created_at             TIMESTAMPTZ NOT NULL,
    confirmed_notice_at    TIMESTAMPTZ NULL,
    correction_notice_at   TIMESTAMPTZ NULL,
    closed_notice_at       TIMESTAMPTZ NULL
);
CREATE INDEX ix_applicant_access_tracking ON applicant_access (tracking_number);
CREATE INDEX ix_applicant_access_agency ON applicant_access (agency_code, created_at);

CREATE TABLE applicant_uploads (
    id            VARCHAR(36) NOT NULL PRIMARY KEY,
    token         TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    file_name     TEXT    NOT NULL,
    content_type  TEXT    NOT NULL,
    size_bytes    INTEGER NOT NULL,
    sha256        TEXT    NOT NULL,
    content       BYTEA   NOT NULL,
    uploaded_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_applicant_uploads_token ON applicant_uploads (token);

CREATE TABLE applicant_deliveries (
    letter_id            VARCHAR(36) NOT NULL PRIMARY KEY,
    request_id           TEXT    NOT NULL,
    placed_at            TIMESTAMPTZ NOT NULL,
    placed_by            TEXT    NOT NULL,
    notice_sent_to       TEXT    NULL,
    first_downloaded_at  TIMESTAMPTZ NULL,
    acknowledged_at      TIMESTAMPTZ NULL,
    served_on            DATE    NULL
);
CREATE INDEX ix_applicant_deliveries_request ON applicant_deliveries (request_id);

CREATE TABLE applicant_ratings (
    request_id       VARCHAR(36) NOT NULL PRIMARY KEY,
    agency_code      TEXT    NOT NULL,
    tracking_number  TEXT    NOT NULL,
    level            INTEGER NOT NULL,
    comment          TEXT    NULL,
    closed_on        DATE    NOT NULL,
    rated_on         DATE    NOT NULL,
    rated_at         TIMESTAMPTZ NOT NULL,
    revised_at       TIMESTAMPTZ NULL
);
CREATE INDEX ix_applicant_ratings_agency ON applicant_ratings (agency_code, rated_on);

CREATE TABLE rectifications (
    id                  VARCHAR(36) NOT NULL PRIMARY KEY,
    request_id          TEXT    NOT NULL,
    agency_code         TEXT    NOT NULL,
    tracking_number     TEXT    NOT NULL,
    level               INTEGER NOT NULL,
    comment             TEXT    NULL,
    opened_on           DATE    NOT NULL,
    due_on              DATE    NOT NULL,
    verification        TEXT    NULL,
    reply_to_applicant  TEXT    NULL,
    changes_made        TEXT    NULL,
    closed_on           DATE    NULL,
    closed_by           TEXT    NULL,
    on_time             INTEGER NULL
);
CREATE INDEX ix_rectifications_agency ON rectifications (agency_code, opened_on);
