ALTER TYPE task_status RENAME TO task_status__old;

CREATE TYPE task_status AS ENUM ('done', 'pending');

ALTER TABLE tasks ALTER COLUMN status DROP DEFAULT;

ALTER TABLE tasks ALTER COLUMN status TYPE task_status USING status::text::task_status;

ALTER TABLE tasks ALTER COLUMN status SET DEFAULT 'pending';

ALTER TABLE tasks ALTER COLUMN previous_status TYPE task_status USING previous_status::text::task_status;

DROP TYPE task_status__old;
