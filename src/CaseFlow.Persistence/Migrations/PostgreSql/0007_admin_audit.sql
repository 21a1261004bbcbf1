-- The administration trail: who changed which agency, user or API key, and sign-in lockouts. Append-only, like the
-- request audit trail: the database refuses UPDATE and DELETE.
CREATE TABLE admin_audit_entries (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at  TIMESTAMPTZ NOT NULL,
    actor        TEXT        NOT NULL,
    action       TEXT        NOT NULL,
    subject      TEXT        NOT NULL,
    details      TEXT        NOT NULL
);
CREATE FUNCTION admin_audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'admin_audit_entries is append-only'; END;
$$;
CREATE TRIGGER admin_audit_entries_append_only BEFORE UPDATE OR DELETE ON admin_audit_entries
FOR EACH ROW EXECUTE FUNCTION admin_audit_entries_append_only();
