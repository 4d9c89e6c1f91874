ALTER TABLE agents RENAME TO "crew agents";

ALTER TABLE "crew agents" RENAME CONSTRAINT pk_agents TO "pk_crew agents";

ALTER INDEX ix_agents_crew_id_role RENAME TO "ix_crew agents_crew_id_role";

ALTER TABLE "crew agents" RENAME CONSTRAINT uq_agents_uuid TO "uq_crew agents_uuid";

ALTER TABLE "crew agents" RENAME CONSTRAINT fk_agents_crew_id_crews TO "fk_crew agents_crew_id_crews";
