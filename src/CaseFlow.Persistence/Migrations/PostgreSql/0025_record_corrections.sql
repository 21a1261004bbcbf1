-- Requests to correct records (更正申请, Art. 41; issue 17 item 6): their own workflow, not disclosure requests (never
-- counted in table 三). Saga rows with the columns the list filters and sorts on; the soft due date is the domain's
-- (RecordCorrectionRule: 20 working days by analogy with Art. 33 ¶2), stored by the workflow. Their letters and services
-- are rows of letters / letter_services keyed by the correction's id; their audit entries are keyed by it too.
CREATE TABLE record_corrections (
    id             TEXT        NOT NULL PRIMARY KEY,
    version        INTEGER     NOT NULL,
    state          TEXT        NOT NULL,
    agency_code    TEXT        NOT NULL,
    applicant_name TEXT        NOT NULL,
    received_on    DATE        NOT NULL,
    due_on         DATE        NOT NULL,
    outcome        INTEGER     NULL,
    served_on      DATE        NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    data           TEXT        NOT NULL
);
CREATE INDEX ix_record_corrections_agency ON record_corrections (agency_code, served_on, due_on);
