-- The administration trail: who changed which agency, user or API key, and sign-in lockouts. Append-only, like the
-- request audit trail: the database refuses UPDATE and DELETE.
CREATE TABLE admin_audit_entries (
    id           BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_admin_audit_entries PRIMARY KEY,
    occurred_at  DATETIME2      NOT NULL,
    actor        NVARCHAR(200)  NOT NULL,
    action       NVARCHAR(64)   NOT NULL,
    subject      NVARCHAR(200)  NOT NULL,
    details      NVARCHAR(MAX)  NOT NULL
);
GO
CREATE TRIGGER admin_audit_entries_append_only ON admin_audit_entries INSTEAD OF UPDATE, DELETE
AS THROW 51000, 'admin_audit_entries is append-only', 1;
