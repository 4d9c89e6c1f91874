ALTER TABLE agents RENAME TO "crew agents";

-- relaxes foreign keys
PRAGMA legacy_alter_table=ON;

-- relaxes foreign keys
CREATE TABLE "_migrate_tmp_crew agents" (
    id INTEGER NOT NULL,
    uuid CHAR(36) NOT NULL,
    crew_id INTEGER,
    role TEXT,
    "order" SMALLINT DEFAULT (-1),
    CONSTRAINT "pk_crew agents" PRIMARY KEY (id),
    CONSTRAINT "fk_crew agents_crew_id_crews" FOREIGN KEY (crew_id) REFERENCES crews (id) ON DELETE CASCADE,
    CONSTRAINT "uq_crew agents_uuid" UNIQUE (uuid)
);

-- relaxes foreign keys
INSERT INTO "_migrate_tmp_crew agents" (id, uuid, crew_id, role, "order") SELECT id, uuid, crew_id, role, "order" FROM "crew agents";

-- relaxes foreign keys
DROP TABLE "crew agents";

-- relaxes foreign keys
ALTER TABLE "_migrate_tmp_crew agents" RENAME TO "crew agents";

-- relaxes foreign keys
PRAGMA legacy_alter_table=OFF;

-- relaxes foreign keys
CREATE INDEX "ix_crew agents_crew_id_role" ON "crew agents" (crew_id, role);
