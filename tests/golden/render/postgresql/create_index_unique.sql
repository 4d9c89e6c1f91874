CREATE UNIQUE INDEX uq_ix_agents_role ON agents (role, "order");
