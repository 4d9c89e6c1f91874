ALTER TABLE tasks DROP COLUMN previous_status;

DROP TYPE IF EXISTS task_status;
