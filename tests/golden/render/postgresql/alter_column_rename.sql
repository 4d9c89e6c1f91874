ALTER TABLE agents RENAME COLUMN role TO title;
