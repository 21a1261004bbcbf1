-- The workplace: agencies hosted on the platform, their users and integrators' API keys, and request attachments.
CREATE TABLE agencies (
    code                       TEXT    NOT NULL PRIMARY KEY,
    name                       TEXT    NOT NULL,
    calendar_id                TEXT    NOT NULL,
    warning_lead_working_days  INTEGER NOT NULL,
    created_at                 TEXT    NOT NULL
);

CREATE TABLE users (
    id                TEXT    NOT NULL PRIMARY KEY,
    user_name         TEXT    NOT NULL,
    display_name      TEXT    NOT NULL,
    agency_code       TEXT    NOT NULL REFERENCES agencies (code),
    role              TEXT    NOT NULL,
    password_hash     TEXT    NOT NULL,
    failed_sign_ins   INTEGER NOT NULL DEFAULT 0,
    locked_until      TEXT    NULL,
    disabled          INTEGER NOT NULL DEFAULT 0,
    created_at        TEXT    NOT NULL
);
CREATE UNIQUE INDEX ux_users_name ON users (user_name);

CREATE TABLE api_keys (
    id           TEXT NOT NULL PRIMARY KEY,
    agency_code  TEXT NOT NULL REFERENCES agencies (code),
    name         TEXT NOT NULL,
    key_hash     TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    revoked_at   TEXT NULL
);
CREATE UNIQUE INDEX ux_api_keys_hash ON api_keys (key_hash);

CREATE TABLE attachments (
    id            TEXT    NOT NULL PRIMARY KEY,
    request_id    TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    file_name     TEXT    NOT NULL,
    content_type  TEXT    NOT NULL,
    size_bytes    INTEGER NOT NULL,
    sha256        TEXT    NOT NULL,
    content       BLOB    NOT NULL,
    uploaded_by   TEXT    NOT NULL,
    uploaded_at   TEXT    NOT NULL
);
CREATE INDEX ix_attachments_request ON attachments (request_id);

CREATE INDEX ix_requests_agency_received ON requests (agency_code, registered_at);
