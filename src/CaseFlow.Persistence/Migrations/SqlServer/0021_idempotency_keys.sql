-- Idempotency keys (issue 13): POST /api/requests and its actions with an Idempotency-Key header answer a repeat with the
-- first answer and write nothing. Keys are scoped per caller (the audit actor: user or api:<key name>) and kept for
-- Api:IdempotencyRetention (default 24 hours). status_code is NULL while the first call is still running.
CREATE TABLE idempotency_keys (
    caller         NVARCHAR(200) NOT NULL,
    idem_key       NVARCHAR(100) NOT NULL,
    request_hash   NVARCHAR(100) NOT NULL,
    status_code    INT NULL,
    location       NVARCHAR(400) NULL,
    response_body  NVARCHAR(MAX) NULL,
    created_at     DATETIME2 NOT NULL,
    PRIMARY KEY (caller, idem_key)
);
CREATE INDEX ix_idempotency_keys_created ON idempotency_keys (created_at);
