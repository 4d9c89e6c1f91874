// `db lint` on SQLite through the binary: the revisions not applied yet by default, --all, a
// range; text with file:line and the safe way, JSON, suppression with its reason, --fail-on,
// and a rebuild of a large table raised to an error by the database's row count.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/cli_project.hpp"
#include "tests/support/sqlite_file.hpp"

namespace {

using testing_support::CliProject;

// crews (applied), then a revision that widens crews.status (a rebuild) and one that drops
// a column with its finding suppressed.
struct LintProject {
    CliProject p;
    explicit LintProject(int rows = 3) {
        p.write_revision(
            "a00000000001", "", "crews",
            {"- create_table: {name: crews, columns: [{name: id, type: integer}, {name: status, "
             "type: string(20)}, {name: notes, type: text}]}",
             "- execute: {sql: \"WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n "
             "WHERE x < " +
                 std::to_string(rows) +
                 ") INSERT INTO crews (id, status) SELECT x, 'idle' FROM n\"}"},
            {"- drop_table: {name: crews}"});
        p.write_revision("b00000000002", "a00000000001", "widen status",
                         {"- alter_column: {table: crews, column: status, to: {type: string(40)}, "
                          "from: {type: string(20)}}"},
                         {"- alter_column: {table: crews, column: status, to: {type: string(20)}, "
                          "from: {type: string(40)}}"});
        p.write_revision(
            "c00000000003", "b00000000002", "drop notes",
            {"- drop_column: {table: crews, name: notes}\n"
             "    lint: {ignore: [DS102], reason: \"notes moved to the wiki in 4.2\"}"},
            {"- add_column: {table: crews, column: {name: notes, type: text}}"});
    }
};

TEST(LintCli, LintsTheRevisionsNotAppliedYetWithWhereAndTheSafeWay) {
    LintProject l;
    ASSERT_EQ(l.p.db({"upgrade", "a00000000001"}).exit_code, 0);
    auto r = l.p.db({"lint"});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;  // a small table's rebuild, a suppressed drop
    EXPECT_NE(r.out.find("info SL101 table-rebuild"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("b00000000002_widen_status.yaml:"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("crews: 3 rows"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("safe: "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("suppressed: notes moved to the wiki in 4.2"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("revision a00000000001"), std::string::npos) << r.out;  // applied
    EXPECT_NE(r.out.find("in 2 revisions"), std::string::npos) << r.out;
    // The database was only read.
    auto c = migrate::dialect::open(migrate::dialect::parse_url(l.p.url),
                                    std::chrono::milliseconds(2000));
    EXPECT_EQ(testing_support::value_text(
                  c->query({"SELECT version_num FROM migrate_version", {}, false}).at(0).at(0)),
              "a00000000001");
}

TEST(LintCli, FailOnSetsTheSeverityThatFails) {
    LintProject l;
    ASSERT_EQ(l.p.db({"upgrade", "a00000000001"}).exit_code, 0);
    EXPECT_EQ(l.p.db({"lint", "--fail-on", "warning"}).exit_code, 0);
    EXPECT_EQ(l.p.db({"lint", "--fail-on", "info"}).exit_code, 1);
    EXPECT_EQ(l.p.db({"lint", "--fail-on", "sometimes"}).exit_code, 2);
}

TEST(LintCli, AllAndRangesNeedNoDatabase) {
    LintProject l;
    auto r = l.p.db({"lint", "--all", "--format", "json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    auto doc = nlohmann::json::parse(r.out);
    EXPECT_EQ(doc["database"], false);
    EXPECT_EQ(doc["dialect"], "sqlite");
    EXPECT_EQ(doc["revisions"].size(), 3u);
    ASSERT_EQ(doc["findings"].size(), 3u) << r.out;  // dropping a column rebuilds too
    EXPECT_EQ(doc["findings"][0]["code"], "SL101");
    EXPECT_EQ(doc["findings"][0]["severity"], "warning");
    EXPECT_TRUE(doc["findings"][0]["rows"].is_null());
    EXPECT_EQ(doc["findings"][1]["code"], "DS102");
    EXPECT_EQ(doc["findings"][1]["suppressed"]["reason"], "notes moved to the wiki in 4.2");
    EXPECT_FALSE(std::filesystem::exists(l.p.path() / "app.db"));

    auto one = l.p.db({"lint", "c00000000003", "--format", "json"});
    EXPECT_EQ(nlohmann::json::parse(one.out)["revisions"].size(), 1u) << one.out;
    auto range = l.p.db({"lint", "b00000000002:head", "--dialect", "postgresql"});
    EXPECT_EQ(range.exit_code, 0) << range.out;  // string(20) -> string(40) is no rewrite there
    EXPECT_EQ(range.out.find("PG106"), std::string::npos) << range.out;
}

TEST(LintCli, ARebuildOfALargeTableIsAnErrorWithTheDatabasesRowCount) {
    LintProject l(120000);
    ASSERT_EQ(l.p.db({"upgrade", "a00000000001"}).exit_code, 0);
    auto r = l.p.db({"lint", "--database-url", l.p.url});
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_NE(r.out.find("error SL101 table-rebuild"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("crews: 120,000 rows"), std::string::npos) << r.out;
}

TEST(LintCli, ASmallTableLowersTheRebuildToInfo) {
    LintProject l(10);
    ASSERT_EQ(l.p.db({"upgrade", "a00000000001"}).exit_code, 0);
    auto r = l.p.db({"lint", "--fail-on", "warning"});
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("info SL101"), std::string::npos) << r.out;
}

TEST(LintCli, WithADatabaseTheLiveSchemaIsWhatTheRevisionChanges) {
    LintProject l;
    ASSERT_EQ(l.p.db({"upgrade", "c00000000003"}).exit_code, 0);
    // A table made by hand: the revisions do not describe it, the live database has it.
    auto c = migrate::dialect::open(migrate::dialect::parse_url(l.p.url),
                                    std::chrono::milliseconds(2000));
    c->execute({"CREATE TABLE handmade (id INTEGER, code VARCHAR(10))", {}, false});
    c->execute({"INSERT INTO handmade VALUES (1, 'a')", {}, false});
    l.p.write_revision("d00000000004", "c00000000003", "widen code",
                       {"- alter_column: {table: handmade, column: code, to: {type: string(20)}, "
                        "from: {type: string(10)}}"},
                       {"- alter_column: {table: handmade, column: code, to: {type: string(10)}, "
                        "from: {type: string(20)}}"});
    auto live = l.p.db({"lint", "--format", "json"});
    auto doc = nlohmann::json::parse(live.out);
    ASSERT_EQ(doc["findings"].size(), 1u) << live.out;
    EXPECT_EQ(doc["findings"][0]["code"], "SL101");
    EXPECT_EQ(doc["findings"][0]["table"], "handmade");
    EXPECT_EQ(doc["findings"][0]["rows"], 1);
    // Without a database only the history is known, which has no such table.
    auto offline = l.p.db({"lint", "d00000000004", "--format", "json"});
    EXPECT_TRUE(nlohmann::json::parse(offline.out)["findings"].empty()) << offline.out;
}

}  // namespace
