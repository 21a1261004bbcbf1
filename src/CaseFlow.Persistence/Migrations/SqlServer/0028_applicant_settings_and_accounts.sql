-- The applicant's side (issue 18): its settings stored per agency and set on /Settings (agency_code '*' is the
-- installation's row: defaults for every agency and the installation-wide limits; configuration stays the fallback);
-- and the optional applicant account verified by an e-mail one-time code (the code kept only as its hash).
CREATE TABLE applicant_settings (
    agency_code                          NVARCHAR(200) NOT NULL PRIMARY KEY,
    service_date                         NVARCHAR(40)  NULL,
    rating_revision_days                 INT NULL,
    rectification_working_days           INT NULL,
    email_account                        INT NULL,
    apply_per_agency_per_hour            INT NULL,
    lookup_failures_per_tracking_number  INT NULL,
    updated_at                           DATETIME2 NOT NULL,
    updated_by                           NVARCHAR(400) NOT NULL
);

CREATE TABLE applicant_email_codes (
    id          VARCHAR(36) NOT NULL PRIMARY KEY,
    email       NVARCHAR(400) NOT NULL,
    code_hash   NVARCHAR(100) NOT NULL,
    created_at  DATETIME2 NOT NULL,
    expires_at  DATETIME2 NOT NULL,
    attempts    INT NOT NULL,
    used_at     DATETIME2 NULL
);
CREATE INDEX ix_applicant_email_codes_email ON applicant_email_codes (email, created_at);
CREATE INDEX ix_applicant_access_email ON applicant_access (email);
