-- Requests to correct records (更正申请, Art. 41; issue 17 item 6): their own workflow, not disclosure requests (never
-- counted in table 三). Saga rows with the columns the list filters and sorts on; the soft due date is the domain's
-- (RecordCorrectionRule: 20 working days by analogy with Art. 33 ¶2), stored by the workflow. Their letters and services
-- are rows of letters / letter_services keyed by the correction's id; their audit entries are keyed by it too.
CREATE TABLE record_corrections (
    id             VARCHAR(36)   NOT NULL CONSTRAINT pk_record_corrections PRIMARY KEY CLUSTERED,
    version        INT           NOT NULL,
    state          NVARCHAR(64)  NOT NULL,
    agency_code    NVARCHAR(64)  NOT NULL,
    applicant_name NVARCHAR(200) NOT NULL,
    received_on    DATE          NOT NULL,
    due_on         DATE          NOT NULL,
    outcome        INT           NULL,
    served_on      DATE          NULL,
    updated_at     DATETIME2     NOT NULL,
    data           NVARCHAR(MAX) NOT NULL
);
CREATE INDEX ix_record_corrections_agency ON record_corrections (agency_code, served_on, due_on);
