CREATE INDEX ix_agents_role ON agents (role);
