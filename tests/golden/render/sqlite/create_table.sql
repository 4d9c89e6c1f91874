CREATE TABLE crews (
    id INTEGER NOT NULL,
    name VARCHAR(100) NOT NULL,
    process VARCHAR(20) DEFAULT 'sequential' NOT NULL,
    config JSON DEFAULT '{}' NOT NULL,
    is_active BOOLEAN DEFAULT true NOT NULL,
    budget NUMERIC(10, 2),
    created_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT pk_crews PRIMARY KEY (id),
    CONSTRAINT uq_crews_name_process UNIQUE (name, process),
    CONSTRAINT ck_crews_budget_positive CHECK (budget IS NULL OR budget >= 0)
);

CREATE INDEX ix_crews_name ON crews (name);
