DROP TABLE tasks;

DROP TYPE IF EXISTS task_status;
