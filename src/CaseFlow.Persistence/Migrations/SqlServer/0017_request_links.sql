-- Referral on the platform (issue 17, Art. 36(五)): the 402 reply names the competent agency; a copy forwarded to an
-- agency of the installation with the applicant's consent is a new request there. One row per referring request links
-- both requests (to_request_id is empty when the competent agency is outside the installation and only named).
CREATE TABLE request_referrals (
    from_request_id        VARCHAR(36) NOT NULL PRIMARY KEY,
    from_agency_code       NVARCHAR(400) NOT NULL,
    to_agency_code         NVARCHAR(400) NULL,
    to_agency_name         NVARCHAR(400) NOT NULL,
    to_request_id          VARCHAR(36) NULL,
    consent                NVARCHAR(1000) NULL,
    forwarded_on           DATE    NULL,
    letter_document_number NVARCHAR(400) NOT NULL,
    recorded_by            NVARCHAR(400) NOT NULL,
    recorded_at            DATETIME2 NOT NULL
);
CREATE INDEX ix_request_referrals_to ON request_referrals (to_request_id);
