CREATE TYPE task_status AS ENUM ('pending', 'running', 'done');

ALTER TABLE agents ADD COLUMN status task_status DEFAULT 'pending' NOT NULL;
