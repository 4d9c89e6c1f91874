-- relaxes foreign keys
PRAGMA legacy_alter_table=ON;

-- relaxes foreign keys
CREATE TABLE _migrate_tmp_agents (
    id INTEGER NOT NULL,
    uuid CHAR(36) NOT NULL,
    crew_id INTEGER,
    title VARCHAR(80),
    "order" SMALLINT DEFAULT (-1),
    CONSTRAINT pk_agents PRIMARY KEY (id),
    CONSTRAINT fk_agents_crew_id_crews FOREIGN KEY (crew_id) REFERENCES crews (id) ON DELETE CASCADE,
    CONSTRAINT uq_agents_uuid UNIQUE (uuid)
);

-- relaxes foreign keys
INSERT INTO _migrate_tmp_agents (id, uuid, crew_id, title, "order") SELECT id, uuid, crew_id, role, "order" FROM agents;

-- relaxes foreign keys
DROP TABLE agents;

-- relaxes foreign keys
ALTER TABLE _migrate_tmp_agents RENAME TO agents;

-- relaxes foreign keys
PRAGMA legacy_alter_table=OFF;

-- relaxes foreign keys
CREATE INDEX ix_agents_crew_id_role ON agents (crew_id, title);
