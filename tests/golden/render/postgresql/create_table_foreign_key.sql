CREATE TABLE agents (
    id BIGSERIAL NOT NULL,
    uuid UUID NOT NULL,
    crew_id INTEGER,
    role TEXT,
    "order" SMALLINT DEFAULT -1,
    CONSTRAINT pk_agents PRIMARY KEY (id),
    CONSTRAINT fk_agents_crew_id_crews FOREIGN KEY (crew_id) REFERENCES crews (id) ON DELETE CASCADE,
    CONSTRAINT uq_agents_uuid UNIQUE (uuid)
);

CREATE INDEX ix_agents_crew_id_role ON agents (crew_id, role);
