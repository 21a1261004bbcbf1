-- Supervision (issue 7): the approved extension promoted from the saga (on-time rate with and without extensions),
-- covering indexes for the dashboard and the 督办 lists (ADR workflows/adr/0002-dashboard-queries.md), and the
-- in-app reminders a supervisor sends to a handler.
ALTER TABLE requests ADD COLUMN extension_days INTEGER NOT NULL DEFAULT 0;
CREATE INDEX ix_requests_timeliness ON requests (agency_code, closed_on, close_reason, handler, reply_due_on, extension_days);
CREATE INDEX ix_requests_closed_timeliness ON requests (closed_on, close_reason, agency_code, handler, reply_due_on, extension_days);
CREATE INDEX ix_requests_open_received ON requests (agency_code, closed_on, received_on);

CREATE TABLE reminders (
    id          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    request_id  TEXT    NOT NULL,
    agency_code TEXT    NOT NULL,
    handler     TEXT    NOT NULL,
    message     TEXT    NOT NULL,
    sent_by     TEXT    NOT NULL,
    sent_at     TEXT    NOT NULL
);
CREATE INDEX ix_reminders_handler ON reminders (agency_code, handler, sent_at);
