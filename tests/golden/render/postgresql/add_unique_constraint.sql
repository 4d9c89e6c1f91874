ALTER TABLE agents ADD CONSTRAINT uq_agents_role UNIQUE (role);
