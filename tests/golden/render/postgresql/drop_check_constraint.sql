ALTER TABLE crews DROP CONSTRAINT ck_crews_budget_positive;
