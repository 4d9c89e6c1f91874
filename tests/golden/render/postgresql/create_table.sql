CREATE TABLE crews (
    id SERIAL NOT NULL,
    name VARCHAR(100) NOT NULL,
    process VARCHAR(20) DEFAULT 'sequential' NOT NULL,
    config JSONB DEFAULT '{}' NOT NULL,
    is_active BOOLEAN DEFAULT true NOT NULL,
    budget NUMERIC(10, 2),
    execution_time DOUBLE PRECISION,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT pk_crews PRIMARY KEY (id),
    CONSTRAINT uq_crews_name_process UNIQUE (name, process),
    CONSTRAINT ck_crews_budget_positive CHECK (budget IS NULL OR budget >= 0)
);

CREATE INDEX ix_crews_name ON crews (name);

COMMENT ON TABLE crews IS 'Crews: teams of agents';

COMMENT ON COLUMN crews.name IS 'Crew name';

COMMENT ON COLUMN crews.process IS 'sequential or hierarchical; it''s free text';
