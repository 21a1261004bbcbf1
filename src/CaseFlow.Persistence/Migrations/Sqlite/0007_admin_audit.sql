-- The administration trail: who changed which agency, user or API key, and sign-in lockouts. Append-only, like the
-- request audit trail: the database refuses UPDATE and DELETE.
CREATE TABLE admin_audit_entries (
    id           INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    occurred_at  TEXT    NOT NULL,
    actor        TEXT    NOT NULL,
    action       TEXT    NOT NULL,
    subject      TEXT    NOT NULL,
    details      TEXT    NOT NULL
);
CREATE TRIGGER admin_audit_entries_no_update BEFORE UPDATE ON admin_audit_entries
BEGIN SELECT RAISE(ABORT, 'admin_audit_entries is append-only'); END;
CREATE TRIGGER admin_audit_entries_no_delete BEFORE DELETE ON admin_audit_entries
BEGIN SELECT RAISE(ABORT, 'admin_audit_entries is append-only'); END;
