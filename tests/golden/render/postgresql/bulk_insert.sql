INSERT INTO agents (uuid, role, crew_id, "order") VALUES ($1, $2, $3, $4);
-- params: '4f1c2a9e-0b7d-4c55-9a1e-3c2b1d0e9f8a', 'it''s "quoted"', 1, 2

INSERT INTO agents (uuid, role, crew_id, "order") VALUES ($1, $2, $3, $4);
-- params: '7d3e9b21-5f6a-4e8c-b0d2-1a9c8e7f6b5d', NULL, NULL, 3
