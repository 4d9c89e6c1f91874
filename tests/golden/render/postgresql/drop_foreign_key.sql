ALTER TABLE agents DROP CONSTRAINT fk_agents_crew_id_crews;
