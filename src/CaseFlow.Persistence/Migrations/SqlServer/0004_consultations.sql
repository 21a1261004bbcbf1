-- Consultations (征求意见 / 会商, Art. 32–34) as their own workflow: saga rows with promoted columns, and the
-- participants they invite (a legal adviser's inbox reads them by user name).
CREATE TABLE consultations (
    id            VARCHAR(36)   NOT NULL CONSTRAINT pk_consultations PRIMARY KEY CLUSTERED,
    version       INT           NOT NULL,
    state         NVARCHAR(64)  NOT NULL,
    request_id    VARCHAR(36)   NOT NULL,
    agency_code   NVARCHAR(64)  NOT NULL,
    kind          INT           NOT NULL,
    window_due_on DATE          NULL,
    ended_on      DATE          NULL,
    updated_at    DATETIME2     NOT NULL,
    data          NVARCHAR(MAX) NOT NULL
);
CREATE INDEX ix_consultations_request ON consultations (request_id);

CREATE TABLE consultation_participants (
    consultation_id VARCHAR(36)   NOT NULL,
    participant     NVARCHAR(200) NOT NULL,
    CONSTRAINT pk_consultation_participants PRIMARY KEY (consultation_id, participant)
);
CREATE INDEX ix_consultation_participants_name ON consultation_participants (participant);

-- Notices to people (invitations, reminders, overdue notices): the in-app list of each user, and whether the e-mail
-- channel has delivered each one. An e-mail address per user is optional.
CREATE TABLE notifications (
    id              BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_notifications PRIMARY KEY,
    notice_id       VARCHAR(36)    NOT NULL,
    user_name       NVARCHAR(100)  NOT NULL,
    agency_code     NVARCHAR(64)   NOT NULL,
    kind            NVARCHAR(32)   NOT NULL,
    consultation_id VARCHAR(36)    NOT NULL,
    text_zh         NVARCHAR(1000) NOT NULL,
    text_en         NVARCHAR(1000) NOT NULL,
    link            NVARCHAR(200)  NOT NULL,
    created_at      DATETIME2      NOT NULL,
    read_at         DATETIME2      NULL,
    emailed_at      DATETIME2      NULL
);
CREATE UNIQUE INDEX ux_notifications_notice ON notifications (notice_id, user_name);
CREATE INDEX ix_notifications_user ON notifications (user_name, read_at);

ALTER TABLE users ADD email NVARCHAR(320) NULL;
GO
