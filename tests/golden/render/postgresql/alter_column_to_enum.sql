CREATE TYPE crew_process AS ENUM ('sequential', 'hierarchical');

ALTER TABLE crews ALTER COLUMN process DROP DEFAULT;

ALTER TABLE crews ALTER COLUMN process TYPE crew_process USING process::crew_process;

ALTER TABLE crews ALTER COLUMN process SET DEFAULT 'sequential'::crew_process;
