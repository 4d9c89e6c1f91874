INSERT INTO agents (uuid, role, crew_id) VALUES (?, ?, ?);
-- params: 'a1', 'it''s "quoted"', 1

INSERT INTO agents (uuid, role, crew_id) VALUES (?, ?, ?);
-- params: 'a2', NULL, NULL
