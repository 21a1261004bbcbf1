-- The applicant's side (issue 18): its settings stored per agency and set on /Settings (agency_code '*' is the
-- installation's row: defaults for every agency and the installation-wide limits; configuration stays the fallback);
-- and the optional applicant account verified by an e-mail one-time code (the code kept only as its hash).
CREATE TABLE applicant_settings (
    agency_code                          VARCHAR(200) NOT NULL PRIMARY KEY,
    service_date                         VARCHAR(40)  NULL,
    rating_revision_days                 INTEGER NULL,
    rectification_working_days           INTEGER NULL,
    email_account                        INTEGER NULL,
    apply_per_agency_per_hour            INTEGER NULL,
    lookup_failures_per_tracking_number  INTEGER NULL,
    updated_at                           TIMESTAMPTZ NOT NULL,
    updated_by                           TEXT    NOT NULL
);

CREATE TABLE applicant_email_codes (
    id          VARCHAR(36) NOT NULL PRIMARY KEY,
    email       TEXT    NOT NULL,
    code_hash   TEXT    NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    attempts    INTEGER NOT NULL,
    used_at     TIMESTAMPTZ NULL
);
CREATE INDEX ix_applicant_email_codes_email ON applicant_email_codes (email, created_at);
CREATE INDEX ix_applicant_access_email ON applicant_access (LOWER(email));
