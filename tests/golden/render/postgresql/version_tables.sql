CREATE TABLE IF NOT EXISTS migrate_version (
    version_num VARCHAR(32) NOT NULL,
    CONSTRAINT migrate_version_pkc PRIMARY KEY (version_num)
);

CREATE TABLE IF NOT EXISTS migrate_history (
    id BIGSERIAL PRIMARY KEY,
    revision VARCHAR(32) NOT NULL,
    direction VARCHAR(16) NOT NULL,
    checksum VARCHAR(64),
    message TEXT,
    applied_at VARCHAR(32) NOT NULL,
    duration_ms BIGINT NOT NULL,
    applied_by VARCHAR(255),
    tool_version VARCHAR(32)
);

SELECT version_num FROM migrate_version ORDER BY version_num;

INSERT INTO migrate_version (version_num) VALUES ($1);
-- params: '1f2e3d4c5b6a'

DELETE FROM migrate_version WHERE version_num = $1;
-- params: '1f2e3d4c5b6a'

INSERT INTO migrate_history (revision, direction, checksum, message, applied_at, duration_ms, applied_by, tool_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8);
-- params: '1f2e3d4c5b6a', 'upgrade', 'abc123', 'initial schema', '2026-11-24T14:02:19Z', 42, 'dev@host', '0.1.0'

SELECT revision, direction, checksum, message, applied_at, duration_ms, applied_by, tool_version FROM migrate_history ORDER BY id;
