-- The disclosure-request workflow: saga rows with promoted columns, the append-only audit trail, statutory
-- deadline timers, the transactional outbox and the inbox.
CREATE TABLE requests (
    id                TEXT    NOT NULL PRIMARY KEY,
    version           INTEGER NOT NULL,
    state             TEXT    NOT NULL,
    agency_code       TEXT    NOT NULL,
    tracking_number   TEXT    NOT NULL,
    applicant_name    TEXT    NOT NULL,
    applicant_type    INTEGER NOT NULL,
    channel           INTEGER NOT NULL,
    handler           TEXT    NULL,
    description       TEXT    NOT NULL,
    received_on       TEXT    NULL,
    correction_due_on TEXT    NULL,
    reply_due_on      TEXT    NULL,
    provisional       INTEGER NOT NULL DEFAULT 0,
    overdue           INTEGER NOT NULL DEFAULT 0,
    outcome           INTEGER NULL,
    close_reason      INTEGER NULL,
    closed_on         TEXT    NULL,
    calendar_version  TEXT    NULL,
    registered_at     TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL,
    data              TEXT    NOT NULL
);
CREATE UNIQUE INDEX ux_requests_tracking ON requests (agency_code, tracking_number);
CREATE INDEX ix_requests_open_due ON requests (agency_code, closed_on, reply_due_on);
CREATE INDEX ix_requests_state ON requests (agency_code, state);

CREATE TABLE tracking_counters (
    agency_code TEXT    NOT NULL,
    year        INTEGER NOT NULL,
    last_value  INTEGER NOT NULL,
    PRIMARY KEY (agency_code, year)
);

CREATE TABLE audit_entries (
    id          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    request_id  TEXT    NOT NULL,
    message_id  TEXT    NOT NULL,
    occurred_at TEXT    NOT NULL,
    actor       TEXT    NOT NULL,
    activity    TEXT    NOT NULL,
    from_state  TEXT    NULL,
    to_state    TEXT    NOT NULL,
    changes     TEXT    NOT NULL
);
CREATE UNIQUE INDEX ux_audit_message ON audit_entries (request_id, message_id);
CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END;
CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END;

CREATE TABLE deadlines (
    id         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    request_id TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    subject    TEXT    NOT NULL,
    generation INTEGER NOT NULL,
    due_on     TEXT    NOT NULL,
    due_at     TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    fired_at   TEXT    NULL
);
CREATE INDEX ix_deadlines_due ON deadlines (status, due_at);
CREATE INDEX ix_deadlines_request ON deadlines (request_id, status);

CREATE TABLE outbox (
    id           INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    message_id   TEXT    NOT NULL UNIQUE,
    message_type TEXT    NOT NULL,
    body         TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    sent_at      TEXT    NULL
);
CREATE INDEX ix_outbox_unsent ON outbox (sent_at, id);

CREATE TABLE inbox (
    consumer    TEXT NOT NULL,
    message_id  TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (consumer, message_id)
);
