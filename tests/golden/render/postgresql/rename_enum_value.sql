ALTER TYPE task_status RENAME VALUE 'running' TO 'it''s';
