CREATE INDEX CONCURRENTLY ix_agents_role ON agents (role);
