-- Sessions and passwords (issue 13): signing out bumps session_epoch, which is part of every session's stamp, so a
-- cookie copied before sign-out stops working; must_change_password is set when an administrator sets the password.
ALTER TABLE users ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
