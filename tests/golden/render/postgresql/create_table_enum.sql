CREATE TYPE task_status AS ENUM ('pending', 'running', 'done');

CREATE TABLE tasks (
    id SMALLSERIAL NOT NULL,
    status task_status DEFAULT 'pending' NOT NULL,
    previous_status task_status,
    "user" VARCHAR,
    payload BYTEA,
    due DATE,
    at TIME WITHOUT TIME ZONE,
    seen TIMESTAMP WITHOUT TIME ZONE,
    CONSTRAINT pk_tasks PRIMARY KEY (id)
);
