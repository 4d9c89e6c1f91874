DROP INDEX ix_crews_name;
