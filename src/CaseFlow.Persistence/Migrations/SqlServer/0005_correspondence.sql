-- Correspondence (issue 8): the letters of a request, numbered per agency, letter type and year, frozen once issued,
-- and their service records (送达). Letters and services are append-only: re-issuing is a new letter that names the one
-- it replaces.
CREATE TABLE letter_counters (
    agency_code NVARCHAR(64) NOT NULL,
    letter_type INT          NOT NULL,
    year        INT          NOT NULL,
    last_value  BIGINT       NOT NULL,
    CONSTRAINT pk_letter_counters PRIMARY KEY (agency_code, letter_type, year)
);

CREATE TABLE letter_settings (
    agency_code   NVARCHAR(64)  NOT NULL CONSTRAINT pk_letter_settings PRIMARY KEY,
    number_prefix NVARCHAR(100) NOT NULL
);

CREATE TABLE letters (
    id                 VARCHAR(36)   NOT NULL CONSTRAINT pk_letters PRIMARY KEY,
    request_id         VARCHAR(36)   NOT NULL,
    agency_code        NVARCHAR(64)  NOT NULL,
    letter_type        INT           NOT NULL,
    outcome            INT           NULL,
    year               INT           NOT NULL,
    sequence           BIGINT        NOT NULL,
    document_number    NVARCHAR(200) NOT NULL,
    title              NVARCHAR(200) NOT NULL,
    addressee          NVARCHAR(400) NOT NULL,
    content            NVARCHAR(MAX) NOT NULL,
    sha256             VARCHAR(64)   NOT NULL,
    facts              NVARCHAR(MAX) NOT NULL,
    privacy_review     NVARCHAR(MAX) NOT NULL,
    replaces_letter_id VARCHAR(36)   NULL CONSTRAINT fk_letters_replaces REFERENCES letters (id),
    issued_by          NVARCHAR(100) NOT NULL,
    issued_at          DATETIME2     NOT NULL
);
CREATE UNIQUE INDEX ux_letters_number ON letters (agency_code, letter_type, year, sequence);
CREATE INDEX ix_letters_request ON letters (request_id);

CREATE TABLE letter_services (
    id          VARCHAR(36)   NOT NULL CONSTRAINT pk_letter_services PRIMARY KEY,
    letter_id   VARCHAR(36)   NOT NULL CONSTRAINT fk_letter_services_letter REFERENCES letters (id),
    request_id  VARCHAR(36)   NOT NULL,
    method      NVARCHAR(32)  NOT NULL,
    served_on   DATE          NOT NULL,
    evidence    NVARCHAR(MAX) NOT NULL,
    recorded_by NVARCHAR(100) NOT NULL,
    recorded_at DATETIME2     NOT NULL
);
CREATE INDEX ix_letter_services_request ON letter_services (request_id);
GO
CREATE TRIGGER letters_append_only ON letters INSTEAD OF UPDATE, DELETE
AS THROW 51000, 'letters are frozen once issued', 1;
GO
CREATE TRIGGER letter_services_append_only ON letter_services INSTEAD OF UPDATE, DELETE
AS THROW 51000, 'letter_services is append-only', 1;
GO
