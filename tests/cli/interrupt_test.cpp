// Ctrl-C sent to the real binary while SQLite rebuilds a large table: the copy stops at once
// (SQLite's progress handler), the transaction rolls back, and the process exits 130 within a
// second, leaving the table as it was. The rebuild's progress names the rows copied.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <regex>

#include "tests/support/cli_process.hpp"
#include "tests/support/cli_project.hpp"
#include "tests/support/sqlite_file.hpp"

namespace {

using namespace std::chrono_literals;
using testing_support::CliProcess;
using testing_support::CliProject;
using Clock = std::chrono::steady_clock;

struct LargeTable {
    CliProject project;
    LargeTable() {
        project.write_revision(
            "a00000000001", "", "big",
            {"- create_table: {name: big, columns: [{name: id, type: integer, nullable: false}, "
             "{name: v, type: text}], primary_key: {columns: [id]}}",
             "- execute: {sql: \"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
             "WHERE i < 2000000) INSERT INTO big (id, v) SELECT i, 'row ' || i FROM n\"}"},
            {"- drop_table: {name: big}"});
        auto r = project.db({"upgrade"});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        // A check constraint: SQLite cannot add one with ALTER TABLE, so the table is rebuilt.
        project.write_revision("b00000000002", "a00000000001", "check",
                               {"- add_check_constraint: {table: big, name: ck_big_id, "
                                "expression: \"id > 0\"}"},
                               {"- drop_check_constraint: {table: big, name: ck_big_id}"});
    }
    std::string text(const std::string& sql) {
        auto c = migrate::dialect::open(migrate::dialect::parse_url(project.url), 2000ms);
        return testing_support::value_text(c->query({sql, {}, false}).at(0).at(0));
    }
};

TEST(Interrupt, SigintDuringALargeRebuildStopsTheCopyAndRollsBack) {
    LargeTable t;
    CliProcess run({"db", "--progress-interval", "0.1", "upgrade"}, t.project.path(),
                   t.project.path(), {{"DATABASE_URL", t.project.url}});
    ASSERT_TRUE(run.wait_for_err("copying rows", 20s)) << run.err();
    auto sent = Clock::now();
    run.signal(SIGINT);
    auto code = run.wait(10s);
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - sent);
    ASSERT_TRUE(code) << run.err();
    EXPECT_EQ(*code, 130) << run.err();
    EXPECT_LT(took.count(), 1000);
    // The log line counted rows as they were copied.
    std::smatch copied;
    auto err = run.err();
    ASSERT_TRUE(std::regex_search(err, copied, std::regex("copying rows, ([0-9]+) rows"))) << err;
    EXPECT_GT(std::stoll(copied[1]), 0);
    EXPECT_LT(std::stoll(copied[1]), 2000000);
    EXPECT_EQ(t.text("SELECT count(*) FROM big"), "2000000");
    EXPECT_EQ(t.text("SELECT instr(sql, 'ck_big_id') FROM sqlite_master WHERE name = 'big'"), "0");
    EXPECT_EQ(t.text("SELECT count(*) FROM sqlite_master WHERE name LIKE '_migrate_tmp_%'"), "0");
    EXPECT_EQ(t.text("SELECT version_num FROM migrate_version"), "a00000000001");
}

}  // namespace
