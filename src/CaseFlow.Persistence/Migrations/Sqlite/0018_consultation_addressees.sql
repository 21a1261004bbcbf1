-- Consultations across agencies of the installation (issue 17 item 2, Art. 34): an other-agency consultation addressed to
-- an agency of the installation (user_name empty: any caseworker, legal adviser or supervisor of that agency answers),
-- and colleagues of other agencies invited by name to an internal joint consultation. Their inboxes read these rows;
-- they never reach the request itself.
CREATE TABLE consultation_addressees (
    consultation_id TEXT NOT NULL,
    agency_code     TEXT NOT NULL,
    user_name       TEXT NOT NULL,
    PRIMARY KEY (consultation_id, agency_code, user_name)
);
CREATE INDEX ix_consultation_addressees_agency ON consultation_addressees (agency_code, user_name);
