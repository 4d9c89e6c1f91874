// The assert operation on SQLite and PostgreSQL, through the binary: a query that returns
// true lets the revision through; one that does not fails it with the assert's message
// (exit 4), rolled back with everything before it in the revision.
#include <gtest/gtest.h>

#include "tests/support/cli_project.hpp"
#include "tests/support/sqlite_file.hpp"

namespace {

using testing_support::CliProject;

std::string text(const CliProject& p, const std::string& sql) {
    auto c =
        migrate::dialect::open(migrate::dialect::parse_url(p.url), std::chrono::milliseconds(2000));
    return testing_support::value_text(c->query({sql, {}, false}).at(0).at(0));
}

struct CrewsProject {
    CliProject project;
    explicit CrewsProject(const std::string& status) {
        project.write_revision(
            "a00000000001", "", "crews",
            {"- create_table: {name: crews, columns: [{name: id, type: integer}, {name: status, "
             "type: text}]}",
             "- bulk_insert: {table: crews, columns: [id, status], rows: [[1, " + status + "]]}"},
            {"- drop_table: {name: crews}"});
        project.write_revision(
            "b00000000002", "a00000000001", "status required",
            {"- create_table: {name: audit, columns: [{name: id, type: integer}]}",
             "- assert: {sql: \"SELECT count(*) = 0 FROM crews WHERE status IS NULL\", message: "
             "\"crews.status has NULLs: backfill them first\"}",
             "- alter_column: {table: crews, column: status, to: {nullable: false}, from: "
             "{nullable: true}}"},
            {"- alter_column: {table: crews, column: status, to: {nullable: true}, from: "
             "{nullable: false}}",
             "- drop_table: {name: audit}"});
    }
};

TEST(Assert, ATrueAssertionLetsTheRevisionThrough) {
    CrewsProject p("idle");
    auto r = p.project.db({"upgrade"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(text(p.project, "SELECT version_num FROM migrate_version"), "b00000000002");
    EXPECT_EQ(text(p.project,
                   "SELECT \"notnull\" FROM pragma_table_info('crews') WHERE name = "
                   "'status'"),
              "1");
}

TEST(Assert, AFalseAssertionFailsTheRevisionWithItsMessageAndRollsBack) {
    CrewsProject p("null");
    auto r = p.project.db({"upgrade"});
    EXPECT_EQ(r.exit_code, 4) << r.err;
    EXPECT_NE(r.err.find("crews.status has NULLs: backfill them first"), std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("returned 0, not true"), std::string::npos) << r.err;
    EXPECT_EQ(text(p.project, "SELECT version_num FROM migrate_version"), "a00000000001");
    // What ran before the assert in the same revision was rolled back with it.
    EXPECT_EQ(text(p.project, "SELECT count(*) FROM sqlite_master WHERE name = 'audit'"), "0");
    EXPECT_EQ(text(p.project,
                   "SELECT \"notnull\" FROM pragma_table_info('crews') WHERE name = "
                   "'status'"),
              "0");
}

TEST(Assert, TheOfflineScriptMarksTheAssertion) {
    CrewsProject p("idle");
    auto r = p.project.db({"upgrade", "--sql", "--dialect", "postgresql"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("-- assert (must return true, else stop): crews.status has NULLs"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("SELECT count(*) = 0 FROM crews WHERE status IS NULL;"), std::string::npos)
        << r.out;
}

}  // namespace
