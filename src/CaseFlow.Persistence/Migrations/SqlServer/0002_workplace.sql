-- The workplace: agencies hosted on the platform, their users and integrators' API keys, and request attachments.
CREATE TABLE agencies (
    code                       NVARCHAR(64)  NOT NULL CONSTRAINT pk_agencies PRIMARY KEY,
    name                       NVARCHAR(200) NOT NULL,
    calendar_id                NVARCHAR(32)  NOT NULL,
    warning_lead_working_days  INT           NOT NULL,
    created_at                 DATETIME2     NOT NULL
);

CREATE TABLE users (
    id                VARCHAR(36)   NOT NULL CONSTRAINT pk_users PRIMARY KEY,
    user_name         NVARCHAR(100) NOT NULL,
    display_name      NVARCHAR(100) NOT NULL,
    agency_code       NVARCHAR(64)  NOT NULL CONSTRAINT fk_users_agency REFERENCES agencies (code),
    role              NVARCHAR(32)  NOT NULL,
    password_hash     NVARCHAR(400) NOT NULL,
    failed_sign_ins   INT           NOT NULL CONSTRAINT df_users_failed DEFAULT 0,
    locked_until      DATETIME2     NULL,
    disabled          BIT           NOT NULL CONSTRAINT df_users_disabled DEFAULT 0,
    created_at        DATETIME2     NOT NULL
);
CREATE UNIQUE INDEX ux_users_name ON users (user_name);

CREATE TABLE api_keys (
    id           VARCHAR(36)   NOT NULL CONSTRAINT pk_api_keys PRIMARY KEY,
    agency_code  NVARCHAR(64)  NOT NULL CONSTRAINT fk_api_keys_agency REFERENCES agencies (code),
    name         NVARCHAR(100) NOT NULL,
    key_hash     VARCHAR(100)  NOT NULL,
    created_at   DATETIME2     NOT NULL,
    revoked_at   DATETIME2     NULL
);
CREATE UNIQUE INDEX ux_api_keys_hash ON api_keys (key_hash);

CREATE TABLE attachments (
    id            VARCHAR(36)    NOT NULL CONSTRAINT pk_attachments PRIMARY KEY,
    request_id    VARCHAR(36)    NOT NULL,
    kind          NVARCHAR(32)   NOT NULL,
    file_name     NVARCHAR(260)  NOT NULL,
    content_type  NVARCHAR(100)  NOT NULL,
    size_bytes    BIGINT         NOT NULL,
    sha256        VARCHAR(64)    NOT NULL,
    content       VARBINARY(MAX) NOT NULL,
    uploaded_by   NVARCHAR(100)  NOT NULL,
    uploaded_at   DATETIME2      NOT NULL
);
CREATE INDEX ix_attachments_request ON attachments (request_id);

CREATE INDEX ix_requests_agency_received ON requests (agency_code, registered_at);
