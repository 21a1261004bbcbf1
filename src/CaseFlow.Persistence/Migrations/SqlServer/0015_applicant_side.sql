-- The applicant's side (issue 18): access to an online application by tracking number and access code (the code is kept
-- only as its hash), files uploaded before an application is submitted, letters placed in the applicant's space
-- (电子送达), ratings of the handling (好差评) and the rectification of bad ratings (整改).
CREATE TABLE applicant_access (
    request_id             VARCHAR(36) NOT NULL PRIMARY KEY,
    tracking_number        NVARCHAR(400) NOT NULL,
    agency_code            NVARCHAR(400) NOT NULL,
    access_code_hash       NVARCHAR(400) NOT NULL,
    consent_electronic     INT NOT NULL,
    email                  NVARCHAR(400) NULL,
    phone                  NVARCHAR(400) NOT NULL,
    receive_by             NVARCHAR(400) NOT NULL,
    duplicate_of           NVARCHAR(400) NULL,
    details                NVARCHAR(MAX) NULL,
    created_at             DATETIME2 NOT NULL,
    confirmed_notice_at    DATETIME2 NULL,
    correction_notice_at   DATETIME2 NULL,
    closed_notice_at       DATETIME2 NULL
);
CREATE INDEX ix_applicant_access_tracking ON applicant_access (tracking_number);
CREATE INDEX ix_applicant_access_agency ON applicant_access (agency_code, created_at);

CREATE TABLE applicant_uploads (
    id            VARCHAR(36) NOT NULL PRIMARY KEY,
    token         NVARCHAR(400) NOT NULL,
    kind          NVARCHAR(400) NOT NULL,
    file_name     NVARCHAR(400) NOT NULL,
    content_type  NVARCHAR(400) NOT NULL,
    size_bytes    INT NOT NULL,
    sha256        NVARCHAR(400) NOT NULL,
    content       VARBINARY(MAX) NOT NULL,
    uploaded_at   DATETIME2 NOT NULL
);
CREATE INDEX ix_applicant_uploads_token ON applicant_uploads (token);

CREATE TABLE applicant_deliveries (
    letter_id            VARCHAR(36) NOT NULL PRIMARY KEY,
    request_id           NVARCHAR(400) NOT NULL,
    placed_at            DATETIME2 NOT NULL,
    placed_by            NVARCHAR(400) NOT NULL,
    notice_sent_to       NVARCHAR(400) NULL,
    first_downloaded_at  DATETIME2 NULL,
    acknowledged_at      DATETIME2 NULL,
    served_on            DATE    NULL
);
CREATE INDEX ix_applicant_deliveries_request ON applicant_deliveries (request_id);

CREATE TABLE applicant_ratings (
    request_id       VARCHAR(36) NOT NULL PRIMARY KEY,
    agency_code      NVARCHAR(400) NOT NULL,
    tracking_number  NVARCHAR(400) NOT NULL,
    level            INT NOT NULL,
    comment          NVARCHAR(MAX) NULL,
    closed_on        DATE    NOT NULL,
    rated_on         DATE    NOT NULL,
    rated_at         DATETIME2 NOT NULL,
    revised_at       DATETIME2 NULL
);
CREATE INDEX ix_applicant_ratings_agency ON applicant_ratings (agency_code, rated_on);

CREATE TABLE rectifications (
    id                  VARCHAR(36) NOT NULL PRIMARY KEY,
    request_id          NVARCHAR(400) NOT NULL,
    agency_code         NVARCHAR(400) NOT NULL,
    tracking_number     NVARCHAR(400) NOT NULL,
    level               INT NOT NULL,
    comment             NVARCHAR(MAX) NULL,
    opened_on           DATE    NOT NULL,
    due_on              DATE    NOT NULL,
    verification        NVARCHAR(MAX) NULL,
    reply_to_applicant  NVARCHAR(MAX) NULL,
    changes_made        NVARCHAR(MAX) NULL,
    closed_on           DATE    NULL,
    closed_by           NVARCHAR(400) NULL,
    on_time             INT NULL
);
CREATE INDEX ix_rectifications_agency ON rectifications (agency_code, opened_on);
