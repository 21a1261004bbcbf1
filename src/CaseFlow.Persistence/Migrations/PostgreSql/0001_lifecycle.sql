-- The disclosure-request workflow: saga rows with promoted columns, the append-only audit trail, statutory
-- deadline timers, the transactional outbox and the inbox.
CREATE TABLE requests (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    version           INTEGER NOT NULL,
    state             TEXT    NOT NULL,
    agency_code       TEXT    NOT NULL,
    tracking_number   TEXT    NOT NULL,
    applicant_name    TEXT    NOT NULL,
    applicant_type    INTEGER NOT NULL,
    channel           INTEGER NOT NULL,
    handler           TEXT    NULL,
    description       TEXT    NOT NULL,
    received_on       DATE    NULL,
    correction_due_on DATE    NULL,
    reply_due_on      DATE    NULL,
    provisional       BOOLEAN NOT NULL DEFAULT FALSE,
    overdue           BOOLEAN NOT NULL DEFAULT FALSE,
    outcome           INTEGER NULL,
    close_reason      INTEGER NULL,
    closed_on         DATE    NULL,
    calendar_version  TEXT    NULL,
    registered_at     TIMESTAMPTZ    NOT NULL,
    updated_at        TIMESTAMPTZ    NOT NULL,
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
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id  VARCHAR(36)    NOT NULL,
    message_id  VARCHAR(36)    NOT NULL,
    occurred_at TIMESTAMPTZ    NOT NULL,
    actor       TEXT    NOT NULL,
    activity    TEXT    NOT NULL,
    from_state  TEXT    NULL,
    to_state    TEXT    NOT NULL,
    changes     TEXT    NOT NULL
);
CREATE UNIQUE INDEX ux_audit_message ON audit_entries (request_id, message_id);
CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit_entries is append-only'; END;
$$;
CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();

CREATE TABLE deadlines (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id VARCHAR(36)    NOT NULL,
    kind       TEXT    NOT NULL,
    subject    TEXT    NOT NULL,
    generation INTEGER NOT NULL,
    due_on     DATE    NOT NULL,
    due_at     TIMESTAMPTZ    NOT NULL,
    status     TEXT    NOT NULL,
    fired_at   TIMESTAMPTZ    NULL
);
CREATE INDEX ix_deadlines_due ON deadlines (status, due_at);
CREATE INDEX ix_deadlines_request ON deadlines (request_id, status);

CREATE TABLE outbox (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id   VARCHAR(36)    NOT NULL UNIQUE,
    message_type TEXT    NOT NULL,
    body         TEXT    NOT NULL,
    created_at   TIMESTAMPTZ    NOT NULL,
    sent_at      TIMESTAMPTZ    NULL
);
CREATE INDEX ix_outbox_unsent ON outbox (sent_at, id);

CREATE TABLE inbox (
    consumer    TEXT NOT NULL,
    message_id  VARCHAR(36) NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (consumer, message_id)
);
