ALTER TABLE agents ADD CONSTRAINT ck_agents_order CHECK ("order" >= -1);
