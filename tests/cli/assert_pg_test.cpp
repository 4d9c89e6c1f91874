// The assert operation on a real PostgreSQL: true passes, false fails the revision with its
// message (exit 4), rolled back with what ran before it in the same transaction.
#include <gtest/gtest.h>

#include "tests/support/cli_project.hpp"
#include "tests/support/pg_database.hpp"

namespace {

using testing_support::CliProject;
using testing_support::PgDatabase;

struct PgAssertProject {
    PgDatabase db;
    CliProject project;
    explicit PgAssertProject(const std::string& duplicate_name) {
        project.url = db.url();
        project.write_revision(
            "a00000000001", "", "agents",
            {"- create_table: {name: agents, columns: [{name: id, type: integer}, {name: name, "
             "type: text}]}",
             "- bulk_insert: {table: agents, columns: [id, name], rows: [[1, a], [2, " +
                 duplicate_name + "]]}"},
            {"- drop_table: {name: agents}"});
        project.write_revision(
            "b00000000002", "a00000000001", "unique names",
            {"- add_column: {table: agents, column: {name: role, type: text}}",
             "- assert: {sql: \"SELECT NOT EXISTS (SELECT 1 FROM agents GROUP BY name HAVING "
             "count(*) > 1)\", message: \"agents.name has duplicates\"}",
             "- add_unique_constraint: {table: agents, name: uq_agents_name, columns: [name]}"},
            {"- drop_unique_constraint: {table: agents, name: uq_agents_name}",
             "- drop_column: {table: agents, name: role}"});
    }
};

TEST(AssertPg, ATrueAssertionPasses) {
    PgAssertProject p("b");
    auto r = p.project.db({"upgrade"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(p.db.text("SELECT count(*) FROM pg_constraint WHERE conname = 'uq_agents_name'"),
              "1");
}

TEST(AssertPg, AFalseAssertionFailsWithItsMessageAndRollsBack) {
    PgAssertProject p("a");
    auto r = p.project.db({"upgrade"});
    EXPECT_EQ(r.exit_code, 4) << r.err;
    EXPECT_NE(r.err.find("error: agents.name has duplicates"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("returned false, not true"), std::string::npos) << r.err;
    EXPECT_EQ(p.db.text("SELECT version_num FROM migrate_version"), "a00000000001");
    EXPECT_EQ(p.db.text("SELECT count(*) FROM information_schema.columns WHERE table_name = "
                        "'agents' AND column_name = 'role'"),
              "0");
}

}  // namespace
