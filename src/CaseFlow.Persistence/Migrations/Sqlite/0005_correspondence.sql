-- Correspondence (issue 8): the letters of a request, numbered per agency, letter type and year, frozen once issued,
-- and their service records (送达). Letters and services are append-only: re-issuing is a new letter that names the one
-- it replaces.
CREATE TABLE letter_counters (
    agency_code TEXT    NOT NULL,
    letter_type INTEGER NOT NULL,
    year        INTEGER NOT NULL,
    last_value  INTEGER NOT NULL,
    PRIMARY KEY (agency_code, letter_type, year)
);

CREATE TABLE letter_settings (
    agency_code   TEXT NOT NULL PRIMARY KEY,
    number_prefix TEXT NOT NULL
);

CREATE TABLE letters (
    id                 TEXT    NOT NULL PRIMARY KEY,
    request_id         TEXT    NOT NULL,
    agency_code        TEXT    NOT NULL,
    letter_type        INTEGER NOT NULL,
    outcome            INTEGER NULL,
    year               INTEGER NOT NULL,
    sequence           INTEGER NOT NULL,
    document_number    TEXT    NOT NULL,
    title              TEXT    NOT NULL,
    addressee          TEXT    NOT NULL,
    content            TEXT    NOT NULL,
    sha256             TEXT    NOT NULL,
    facts              TEXT    NOT NULL,
    privacy_review     TEXT    NOT NULL,
    replaces_letter_id TEXT    NULL REFERENCES letters (id),
    issued_by          TEXT    NOT NULL,
    issued_at          TEXT    NOT NULL
);
CREATE UNIQUE INDEX ux_letters_number ON letters (agency_code, letter_type, year, sequence);
CREATE INDEX ix_letters_request ON letters (request_id);
CREATE TRIGGER letters_no_update BEFORE UPDATE ON letters
BEGIN SELECT RAISE(ABORT, 'letters are frozen once issued'); END;
CREATE TRIGGER letters_no_delete BEFORE DELETE ON letters
BEGIN SELECT RAISE(ABORT, 'letters are frozen once issued'); END;

CREATE TABLE letter_services (
    id          TEXT NOT NULL PRIMARY KEY,
    letter_id   TEXT NOT NULL REFERENCES letters (id),
    request_id  TEXT NOT NULL,
    method      TEXT NOT NULL,
    served_on   TEXT NOT NULL,
    evidence    TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX ix_letter_services_request ON letter_services (request_id);
CREATE TRIGGER letter_services_no_update BEFORE UPDATE ON letter_services
BEGIN SELECT RAISE(ABORT, 'letter_services is append-only'); END;
CREATE TRIGGER letter_services_no_delete BEFORE DELETE ON letter_services
BEGIN SELECT RAISE(ABORT, 'letter_services is append-only'); END;
