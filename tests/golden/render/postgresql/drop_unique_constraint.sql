ALTER TABLE crews DROP CONSTRAINT uq_crews_name_process;
