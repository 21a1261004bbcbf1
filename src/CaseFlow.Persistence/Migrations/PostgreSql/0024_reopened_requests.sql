-- Reopening after a challenge (issue 14): a reconsideration or lawsuit whose result corrects the handling (纠正, e.g.
-- 责令重新答复) reopens the request into a new reply period. Each earlier reply period is kept here, so that it stays
-- counted in table 三 of the year it was replied while the request is open again (ReopenedRequests in the domain): a
-- period counts from its start (the receipt date, or the day the reopening decision was received) to its reply.
-- period_no is 1 for the first reply; the request's row is always its current period.
CREATE TABLE earlier_replies (
    request_id             VARCHAR(36) NOT NULL,
    period_no              INTEGER     NOT NULL,
    agency_code            TEXT        NOT NULL,
    applicant_type         INTEGER     NOT NULL,
    period_starts_on       DATE        NOT NULL,
    replied_on             DATE        NOT NULL,
    outcome                INTEGER     NOT NULL,
    on_time                BOOLEAN     NULL,
    letter_document_number TEXT        NULL,
    challenge_kind         TEXT        NOT NULL,
    challenge_filed_on     DATE        NOT NULL,
    decision_reference     TEXT        NOT NULL,
    reopened_on            DATE        NOT NULL,
    reopened_by            TEXT        NOT NULL,
    recorded_at            TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (request_id, period_no)
);
CREATE INDEX ix_earlier_replies_report ON earlier_replies (replied_on, period_starts_on, agency_code, applicant_type, outcome);
