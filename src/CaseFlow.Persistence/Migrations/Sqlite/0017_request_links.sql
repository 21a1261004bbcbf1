-- Referral on the platform (issue 17, Art. 36(五)): the 402 reply names the competent agency; a copy forwarded to an
-- agency of the installation with the applicant's consent is a new request there. One row per referring request links
-- both requests (to_request_id is empty when the competent agency is outside the installation and only named).
CREATE TABLE request_referrals (
    from_request_id        TEXT    NOT NULL PRIMARY KEY,
    from_agency_code       TEXT    NOT NULL,
    to_agency_code         TEXT    NULL,
    to_agency_name         TEXT    NOT NULL,
    to_request_id          TEXT    NULL,
    consent                TEXT    NULL,
    forwarded_on           TEXT    NULL,
    letter_document_number TEXT    NOT NULL,
    recorded_by            TEXT    NOT NULL,
    recorded_at            TEXT    NOT NULL
);
CREATE INDEX ix_request_referrals_to ON request_referrals (to_request_id);
