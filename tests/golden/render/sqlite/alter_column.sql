-- relaxes foreign keys
PRAGMA legacy_alter_table=ON;

-- relaxes foreign keys
CREATE TABLE _migrate_tmp_crews (
    id INTEGER NOT NULL,
    name VARCHAR(100) NOT NULL,
    process VARCHAR(20) DEFAULT 'sequential' NOT NULL,
    config JSON DEFAULT '{}' NOT NULL,
    is_active BOOLEAN DEFAULT true NOT NULL,
    budget NUMERIC(12, 2) DEFAULT 0 NOT NULL,
    created_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT pk_crews PRIMARY KEY (id),
    CONSTRAINT uq_crews_name_process UNIQUE (name, process),
    CONSTRAINT ck_crews_budget_positive CHECK (budget IS NULL OR budget >= 0)
);

-- relaxes foreign keys
INSERT INTO _migrate_tmp_crews (id, name, process, config, is_active, budget, created_at) SELECT id, name, process, config, is_active, COALESCE(budget, 0), created_at FROM crews;

-- relaxes foreign keys
DROP TABLE crews;

-- relaxes foreign keys
ALTER TABLE _migrate_tmp_crews RENAME TO crews;

-- relaxes foreign keys
PRAGMA legacy_alter_table=OFF;

-- relaxes foreign keys
CREATE INDEX ix_crews_name ON crews (name);
