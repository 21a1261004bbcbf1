-- Correspondence (issue 8): the letters of a request, numbered per agency, letter type and year, frozen once issued,
-- and their service records (送达). Letters and services are append-only: re-issuing is a new letter that names the one
-- it replaces.
CREATE TABLE letter_counters (
    agency_code TEXT    NOT NULL,
    letter_type INTEGER NOT NULL,
    year        INTEGER NOT NULL,
    last_value  BIGINT  NOT NULL,
    PRIMARY KEY (agency_code, letter_type, year)
);

CREATE TABLE letter_settings (
    agency_code   TEXT NOT NULL PRIMARY KEY,
    number_prefix TEXT NOT NULL
);

CREATE TABLE letters (
    id                 VARCHAR(36) NOT NULL PRIMARY KEY,
    request_id         VARCHAR(36) NOT NULL,
    agency_code        TEXT        NOT NULL,
    letter_type        INTEGER     NOT NULL,
    outcome            INTEGER     NULL,
    year               INTEGER     NOT NULL,
    sequence           BIGINT      NOT NULL,
    document_number    TEXT        NOT NULL,
    title              TEXT        NOT NULL,
    addressee          TEXT        NOT NULL,
    content            TEXT        NOT NULL,
    sha256             VARCHAR(64) NOT NULL,
    facts              TEXT        NOT NULL,
    privacy_review     TEXT        NOT NULL,
    replaces_letter_id VARCHAR(36) NULL REFERENCES letters (id),
    issued_by          TEXT        NOT NULL,
    issued_at          TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX ux_letters_number ON letters (agency_code, letter_type, year, sequence);
CREATE INDEX ix_letters_request ON letters (request_id);

CREATE TABLE letter_services (
    id          VARCHAR(36) NOT NULL PRIMARY KEY,
    letter_id   VARCHAR(36) NOT NULL REFERENCES letters (id),
    request_id  VARCHAR(36) NOT NULL,
    method      TEXT        NOT NULL,
    served_on   DATE        NOT NULL,
    evidence    TEXT        NOT NULL,
    recorded_by TEXT        NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_letter_services_request ON letter_services (request_id);

CREATE FUNCTION correspondence_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION '% is append-only: letters are frozen once issued', TG_TABLE_NAME; END;
$$;
CREATE TRIGGER letters_append_only BEFORE UPDATE OR DELETE ON letters
FOR EACH ROW EXECUTE FUNCTION correspondence_append_only();
CREATE TRIGGER letter_services_append_only BEFORE UPDATE OR DELETE ON letter_services
FOR EACH ROW EXECUTE FUNCTION correspondence_append_only();
