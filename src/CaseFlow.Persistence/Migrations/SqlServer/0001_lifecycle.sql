-- The disclosure-request workflow: saga rows with promoted columns, the append-only audit trail, statutory
-- deadline timers, the transactional outbox and the inbox.
CREATE TABLE requests (
    id                VARCHAR(36)    NOT NULL CONSTRAINT pk_requests PRIMARY KEY CLUSTERED,
    version           INT            NOT NULL,
    state             NVARCHAR(64)   NOT NULL,
    agency_code       NVARCHAR(64)   NOT NULL,
    tracking_number   NVARCHAR(32)   NOT NULL,
    applicant_name    NVARCHAR(200)  NOT NULL,
    applicant_type    INT            NOT NULL,
    channel           INT            NOT NULL,
    handler           NVARCHAR(100)  NULL,
    description       NVARCHAR(MAX)  NOT NULL,
    received_on       DATE           NULL,
    correction_due_on DATE           NULL,
    reply_due_on      DATE           NULL,
    provisional       BIT            NOT NULL CONSTRAINT df_requests_provisional DEFAULT 0,
    overdue           BIT            NOT NULL CONSTRAINT df_requests_overdue DEFAULT 0,
    outcome           INT            NULL,
    close_reason      INT            NULL,
    closed_on         DATE           NULL,
    calendar_version  NVARCHAR(64)   NULL,
    registered_at     DATETIME2      NOT NULL,
    updated_at        DATETIME2      NOT NULL,
    data              NVARCHAR(MAX)  NOT NULL
);
CREATE UNIQUE INDEX ux_requests_tracking ON requests (agency_code, tracking_number);
CREATE INDEX ix_requests_open_due ON requests (agency_code, closed_on, reply_due_on);
CREATE INDEX ix_requests_state ON requests (agency_code, state);

CREATE TABLE tracking_counters (
    agency_code NVARCHAR(64) NOT NULL,
    year        INT          NOT NULL,
    last_value  INT          NOT NULL,
    CONSTRAINT pk_tracking_counters PRIMARY KEY (agency_code, year)
);

CREATE TABLE audit_entries (
    id          BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_audit_entries PRIMARY KEY,
    request_id  VARCHAR(36)   NOT NULL,
    message_id  VARCHAR(36)   NOT NULL,
    occurred_at DATETIME2     NOT NULL,
    actor       NVARCHAR(100) NOT NULL,
    activity    NVARCHAR(100) NOT NULL,
    from_state  NVARCHAR(64)  NULL,
    to_state    NVARCHAR(64)  NOT NULL,
    changes     NVARCHAR(MAX) NOT NULL
);
CREATE UNIQUE INDEX ux_audit_message ON audit_entries (request_id, message_id);
GO
CREATE TRIGGER audit_entries_append_only ON audit_entries INSTEAD OF UPDATE, DELETE
AS THROW 51000, 'audit_entries is append-only', 1;
GO

CREATE TABLE deadlines (
    id         BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_deadlines PRIMARY KEY,
    request_id VARCHAR(36)   NOT NULL,
    kind       NVARCHAR(64)  NOT NULL,
    subject    NVARCHAR(64)  NOT NULL,
    generation INT           NOT NULL,
    due_on     DATE          NOT NULL,
    due_at     DATETIME2     NOT NULL,
    status     NVARCHAR(16)  NOT NULL,
    fired_at   DATETIME2     NULL
);
CREATE INDEX ix_deadlines_due ON deadlines (status, due_at);
CREATE INDEX ix_deadlines_request ON deadlines (request_id, status);

CREATE TABLE outbox (
    id           BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_outbox PRIMARY KEY,
    message_id   VARCHAR(36)   NOT NULL CONSTRAINT ux_outbox_message UNIQUE,
    message_type NVARCHAR(200) NOT NULL,
    body         NVARCHAR(MAX) NOT NULL,
    created_at   DATETIME2     NOT NULL,
    sent_at      DATETIME2     NULL
);
CREATE INDEX ix_outbox_unsent ON outbox (sent_at, id);

CREATE TABLE inbox (
    consumer    NVARCHAR(100) NOT NULL,
    message_id  VARCHAR(36)   NOT NULL,
    received_at DATETIME2     NOT NULL,
    CONSTRAINT pk_inbox PRIMARY KEY (consumer, message_id)
);
