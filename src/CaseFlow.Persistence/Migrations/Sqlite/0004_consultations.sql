-- Consultations (征求意见 / 会商, Art. 32–34) as their own workflow: saga rows with promoted columns, and the
-- participants they invite (a legal adviser's inbox reads them by user name).
CREATE TABLE consultations (
    id            TEXT    NOT NULL PRIMARY KEY,
    version       INTEGER NOT NULL,
    state         TEXT    NOT NULL,
    request_id    TEXT    NOT NULL,
    agency_code   TEXT    NOT NULL,
    kind          INTEGER NOT NULL,
    window_due_on TEXT    NULL,
    ended_on      TEXT    NULL,
    updated_at    TEXT    NOT NULL,
    data          TEXT    NOT NULL
);
CREATE INDEX ix_consultations_request ON consultations (request_id);

CREATE TABLE consultation_participants (
    consultation_id TEXT NOT NULL,
    participant     TEXT NOT NULL,
    PRIMARY KEY (consultation_id, participant)
);
CREATE INDEX ix_consultation_participants_name ON consultation_participants (participant);

-- Notices to people (invitations, reminders, overdue notices): the in-app list of each user, and whether the e-mail
-- channel has delivered each one. An e-mail address per user is optional.
CREATE TABLE notifications (
    id              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    notice_id       TEXT    NOT NULL,
    user_name       TEXT    NOT NULL,
    agency_code     TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    consultation_id TEXT    NOT NULL,
    text_zh         TEXT    NOT NULL,
    text_en         TEXT    NOT NULL,
    link            TEXT    NOT NULL,
    created_at      TEXT    NOT NULL,
    read_at         TEXT    NULL,
    emailed_at      TEXT    NULL
);
CREATE UNIQUE INDEX ux_notifications_notice ON notifications (notice_id, user_name);
CREATE INDEX ix_notifications_user ON notifications (user_name, read_at);

ALTER TABLE users ADD COLUMN email TEXT NULL;
