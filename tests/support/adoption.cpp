// run_adoption: a legacy CrewAI database, made by hand, brought under revision control.
#include "tests/support/adoption.hpp"

#include <gtest/gtest.h>

#include "tests/support/cli_project.hpp"
#include "tests/support/drift_matrix.hpp"
#include "tests/support/sqlite_file.hpp"

namespace testing_support {

namespace {

using migrate::dialect::Connection;
using migrate::dialect::Statement;

void run(Connection& db, const std::string& sql) {
    db.execute(Statement{sql, {}, false});
}

// The legacy schema: what an older backend made, close to the models and different from them
// in most ways a real one is (missing tables and columns, a table the models do not have, an
// index under another name, other types and defaults).
std::vector<std::string> legacy_schema(const std::string& dialect) {
    const bool pg = dialect == "postgresql";
    const std::string uuid = pg ? "UUID" : "CHAR(36)";
    const std::string serial = pg ? "SERIAL" : "INTEGER";
    return {
        "CREATE TABLE workflows (id " + serial +
            " NOT NULL PRIMARY KEY, name VARCHAR(100) NOT NULL, description TEXT)",
        "CREATE TABLE crews (id " + uuid +
            " NOT NULL PRIMARY KEY, name VARCHAR(100) NOT NULL, description TEXT, "
            "workflow_id INTEGER REFERENCES workflows (id), "
            "status VARCHAR(20) NOT NULL DEFAULT 'running', legacy_owner VARCHAR(50))",
        "CREATE INDEX crews_by_name ON crews (name)",
        "CREATE TABLE agents (id " + serial + " NOT NULL PRIMARY KEY, crew_id " + uuid +
            " REFERENCES crews (id) ON DELETE CASCADE, name VARCHAR(100) NOT NULL, "
            "role VARCHAR(100) NOT NULL, goal TEXT NOT NULL, backstory TEXT)",
        "CREATE INDEX agents_by_crew ON agents (crew_id)",
        "CREATE TABLE audit_log (id INTEGER NOT NULL PRIMARY KEY, crew_id " + uuid +
            " REFERENCES crews (id), entry TEXT NOT NULL)",
        "INSERT INTO workflows (id, name, description) VALUES (1, 'research', 'find things'), "
        "(2, 'write', NULL)",
        "INSERT INTO crews (id, name, description, workflow_id, status, legacy_owner) VALUES "
        "('11111111-1111-1111-1111-111111111111', 'alpha', 'the first', 1, 'running', 'ann'), "
        "('22222222-2222-2222-2222-222222222222', 'beta', NULL, NULL, 'idle', NULL)",
        "INSERT INTO agents (id, crew_id, name, role, goal, backstory) VALUES "
        "(1, '11111111-1111-1111-1111-111111111111', 'scout', 'researcher', 'find', 'old'), "
        "(2, '11111111-1111-1111-1111-111111111111', 'scribe', 'writer', 'write', NULL), "
        "(3, '22222222-2222-2222-2222-222222222222', 'it''s', 'editor', 'edit', 'x')",
        "INSERT INTO audit_log (id, crew_id, entry) VALUES "
        "(1, '11111111-1111-1111-1111-111111111111', 'created')",
    };
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

void run_adoption(Connection& db, const std::string& url) {
    CliProject p;
    p.url = url;
    std::filesystem::create_directories(p.versions());
    for (const auto& sql : legacy_schema(db.dialect_name())) run(db, sql);
    const auto legacy = inspect(db);
    // Columns the models keep with the type the legacy schema gave them.
    const std::vector<std::string> kept = {
        "workflows.id",    "workflows.name",    "workflows.description", "crews.id",
        "crews.name",      "crews.description", "crews.workflow_id",     "crews.status",
        "agents.id",       "agents.crew_id",    "agents.name",           "agents.goal",
        "agents.backstory"};
    const auto legacy_rows = row_dump(db, kept);

    auto check = p.db({"check"});
    EXPECT_EQ(check.exit_code, 1) << check.out << check.err;
    for (const auto& part :
         {"create_table tasks", "create_table executions", "drop_table audit_log",
          "add_column crews.process", "drop_column crews.legacy_owner", "drop_index crews_by_name",
          "create_index ix_crews_name", "alter_column agents.role", "alter_column crews.status"})
        EXPECT_TRUE(has(check.out, part)) << "db check does not list " << part << ":\n"
                                          << check.out;

    auto revision = p.db({"revision", "--autogenerate", "-m", "adopt the legacy schema"});
    ASSERT_EQ(revision.exit_code, 0) << revision.out << revision.err;
    ASSERT_EQ(p.revision_files().size(), 1u);

    auto upgrade = p.db({"upgrade"});
    ASSERT_EQ(upgrade.exit_code, 0) << upgrade.out << upgrade.err;
    auto clean = p.db({"check"});
    EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
    EXPECT_FALSE(has(clean.out, "adopt")) << clean.out;
    auto verify = p.db({"verify"});
    EXPECT_EQ(verify.exit_code, 0) << "no drift after the adoption: " << verify.out << verify.err;
    EXPECT_EQ(row_dump(db, kept), legacy_rows) << "the legacy rows after the upgrade";
    EXPECT_EQ(db.query(Statement{"SELECT count(*) FROM tasks", {}, false}).size(), 1u);

    auto downgrade = p.db({"downgrade", "base"});
    ASSERT_EQ(downgrade.exit_code, 0) << downgrade.out << downgrade.err;
    EXPECT_EQ(schema_lines(inspect(db), legacy), schema_lines(legacy, legacy))
        << "the legacy schema after downgrade base";
    EXPECT_EQ(row_dump(db, kept), legacy_rows) << "the legacy rows after the downgrade";
    auto back = p.db({"check"});
    EXPECT_EQ(back.exit_code, 1) << "the legacy schema differs from the models again";
}

void run_matching_adoption(Connection& db, const std::string& url) {
    CliProject p;
    p.url = url;
    const std::string versions = CREWSTUDIO_SOURCE_DIR "/migrations/versions";
    // The schema as the Python backend's create_all would leave it: the tables, no versions.
    ASSERT_EQ(p.db({"upgrade", "--migrations-dir", versions}).exit_code, 0);
    run(db, "DROP TABLE migrate_version");
    run(db, "DROP TABLE migrate_history");

    auto check = p.db({"check", "--migrations-dir", versions});
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
    EXPECT_TRUE(has(check.out, "adopt it with crewstudio db stamp heads")) << check.out;
    auto stamp = p.db({"stamp", "heads", "--migrations-dir", versions});
    ASSERT_EQ(stamp.exit_code, 0) << stamp.out << stamp.err;
    auto current = p.db({"current", "--migrations-dir", versions});
    EXPECT_TRUE(has(current.out, "385b23fc5d40")) << current.out << current.err;
    auto adopted = p.db({"check", "--migrations-dir", versions});
    EXPECT_EQ(adopted.exit_code, 0) << adopted.err;
    EXPECT_FALSE(has(adopted.out, "adopt")) << adopted.out;
    auto verify = p.db({"verify", "--migrations-dir", versions});
    EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

}  // namespace testing_support
