-- Fees by the tiers (issue 17 item 5; Art. 42, 国办函〔2020〕109号): the fee notice's amount in fen and the years it counts
-- in (charged: the year the notice was served; collected: the year it was paid), decided by the domain (FeeYears) and
-- stored by the workflow, so the annual report only sums them. Rows saved before this migration get them on their next save.
ALTER TABLE requests ADD fee_amount_fen BIGINT NULL, fee_charged_year INT NULL, fee_collected_year INT NULL;
GO
CREATE INDEX ix_requests_fee_charged ON requests (agency_code, fee_charged_year);
CREATE INDEX ix_requests_fee_collected ON requests (agency_code, fee_collected_year);
-- 按件计收 counts the same applicant's applications received in a calendar month at one agency.
CREATE INDEX ix_requests_applicant_month ON requests (agency_code, applicant_name, received_on);

-- Proactive disclosure follow-up (issue 17 item 4; Art. 44): information many applicants asked for, marked from a group
-- alert for proactive disclosure, and when and where the office published it. The requests of the group are linked so
-- that their replies can cite the published link.
CREATE TABLE proactive_disclosures (
    id              VARCHAR(36)     NOT NULL PRIMARY KEY,
    agency_code     NVARCHAR(64)    NOT NULL,
    subject         NVARCHAR(1000)  NOT NULL,
    marked_by       NVARCHAR(100)   NOT NULL,
    marked_at       DATETIME2       NOT NULL,
    published_on    DATE            NULL,
    published_url   NVARCHAR(1000)  NULL,
    published_by    NVARCHAR(100)   NULL,
    published_at    DATETIME2       NULL
);
CREATE INDEX ix_proactive_disclosures_agency ON proactive_disclosures (agency_code, marked_at);
CREATE TABLE proactive_disclosure_requests (
    disclosure_id   VARCHAR(36)     NOT NULL,
    request_id      VARCHAR(36)     NOT NULL,
    PRIMARY KEY (disclosure_id, request_id)
);
CREATE INDEX ix_proactive_disclosure_requests_request ON proactive_disclosure_requests (request_id);
