-- People by name (issue 16): a user's department (科室), optional, shown next to the display name (姓名).
ALTER TABLE users ADD COLUMN department TEXT NULL;
