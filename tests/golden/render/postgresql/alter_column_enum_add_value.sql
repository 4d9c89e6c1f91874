ALTER TYPE task_status ADD VALUE 'queued' BEFORE 'pending';

ALTER TYPE task_status ADD VALUE 'paused' BEFORE 'done';

ALTER TYPE task_status ADD VALUE 'it''s';
