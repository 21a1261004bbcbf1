-- Supervision (issue 7): the approved extension promoted from the saga (on-time rate with and without extensions),
-- covering indexes for the dashboard and the 督办 lists (ADR workflows/adr/0002-dashboard-queries.md), and the
-- in-app reminders a supervisor sends to a handler.
ALTER TABLE requests ADD extension_days INT NOT NULL CONSTRAINT df_requests_extension_days DEFAULT 0;
GO
CREATE INDEX ix_requests_timeliness ON requests (agency_code, closed_on, close_reason, handler, reply_due_on, extension_days);
CREATE INDEX ix_requests_closed_timeliness ON requests (closed_on, close_reason, agency_code, handler, reply_due_on, extension_days);
CREATE INDEX ix_requests_open_received ON requests (agency_code, closed_on, received_on);

CREATE TABLE reminders (
    id          BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_reminders PRIMARY KEY,
    request_id  VARCHAR(36)    NOT NULL,
    agency_code NVARCHAR(64)   NOT NULL,
    handler     NVARCHAR(100)  NOT NULL,
    message     NVARCHAR(1000) NOT NULL,
    sent_by     NVARCHAR(100)  NOT NULL,
    sent_at     DATETIME2      NOT NULL
);
CREATE INDEX ix_reminders_handler ON reminders (agency_code, handler, sent_at);
