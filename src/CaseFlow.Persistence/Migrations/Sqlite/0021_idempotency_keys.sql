-- Idempotency keys (issue 13): POST /api/requests and its actions with an Idempotency-Key header answer a repeat with the
-- first answer and write nothing. Keys are scoped per caller (the audit actor: user or api:<key name>) and kept for
-- Api:IdempotencyRetention (default 24 hours). status_code is NULL while the first call is still running.
CREATE TABLE idempotency_keys (
    caller         TEXT    NOT NULL,
    idem_key       TEXT    NOT NULL,
    request_hash   TEXT    NOT NULL,
    status_code    INTEGER NULL,
    location       TEXT    NULL,
    response_body  TEXT    NULL,
    created_at     TEXT    NOT NULL,
    PRIMARY KEY (caller, idem_key)
);
CREATE INDEX ix_idempotency_keys_created ON idempotency_keys (created_at);
