// Ctrl-C and SIGTERM sent to the real binary: a statement running on the server is cancelled
// there, the revision rolled back, and the process exits 130 within a second; a run waiting
// for another run's migration lock stops waiting. Nothing is applied either way.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <thread>

#include "tests/support/cli_process.hpp"
#include "tests/support/cli_project.hpp"
#include "tests/support/pg_database.hpp"

namespace {

using namespace std::chrono_literals;
using migrate::dialect::Statement;
using testing_support::CliProcess;
using testing_support::CliProject;
using testing_support::PgDatabase;
using Clock = std::chrono::steady_clock;

struct SleepyProject {
    PgDatabase db;
    CliProject project;
    SleepyProject() {
        project.url = db.url();
        project.write_revision("a00000000001", "", "sleepy",
                               {"- create_table: {name: jobs, columns: [{name: id, type: "
                                "integer}]}",
                                "- execute: {sql: \"SELECT pg_sleep(30)\"}"},
                               {"- drop_table: {name: jobs}"});
    }
    CliProcess upgrade(std::vector<std::string> flags = {}) {
        std::vector<std::string> args = {"db"};
        args.insert(args.end(), flags.begin(), flags.end());
        args.push_back("upgrade");
        return CliProcess(args, project.path(), project.path(), {{"DATABASE_URL", db.url()}});
    }
    // Waits until a session runs pg_sleep on the server.
    bool sleeping(std::chrono::milliseconds timeout) {
        auto deadline = Clock::now() + timeout;
        while (Clock::now() < deadline) {
            if (db.text("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query "
                        "LIKE 'SELECT pg_sleep%'") != "0")
                return true;
            std::this_thread::sleep_for(10ms);
        }
        return false;
    }
    void expect_nothing_applied() {
        EXPECT_EQ(db.text("SELECT count(*) FROM pg_tables WHERE tablename = 'jobs'"), "0");
        EXPECT_EQ(db.text("SELECT count(*) FROM migrate_version"), "0");
    }
};

// Sends signal and returns how long the process took to exit, and its exit code.
std::pair<std::chrono::milliseconds, std::optional<int>> stop_with(CliProcess& p, int signal) {
    auto sent = Clock::now();
    p.signal(signal);
    auto code = p.wait(10s);
    return {std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - sent), code};
}

TEST(InterruptPg, SigintDuringAStatementCancelsItOnTheServer) {
    SleepyProject p;
    auto run = p.upgrade();
    ASSERT_TRUE(p.sleeping(15s)) << run.err();
    auto [took, code] = stop_with(run, SIGINT);
    ASSERT_TRUE(code) << run.err();
    EXPECT_EQ(*code, 130) << run.err();
    EXPECT_LT(took.count(), 1000) << run.err();
    EXPECT_NE(run.err().find("cancelled on the server"), std::string::npos) << run.err();
    EXPECT_NE(run.err().find("the database is at base"), std::string::npos) << run.err();
    p.expect_nothing_applied();
}

TEST(InterruptPg, SigtermDuringTheMigrationLockWaitStopsWaiting) {
    SleepyProject p;
    auto first = p.upgrade();
    ASSERT_TRUE(p.sleeping(15s)) << first.err();
    auto second = p.upgrade({"--lock-timeout", "60"});
    ASSERT_TRUE(second.wait_for_err("waiting for another migration run", 15s)) << second.err();
    auto [took, code] = stop_with(second, SIGTERM);
    ASSERT_TRUE(code) << second.err();
    EXPECT_EQ(*code, 130) << second.err();
    EXPECT_LT(took.count(), 1000) << second.err();
    EXPECT_NE(second.err().find("interrupted while waiting for the migration lock"),
              std::string::npos)
        << second.err();
    auto [took_first, code_first] = stop_with(first, SIGINT);
    ASSERT_TRUE(code_first);
    EXPECT_EQ(*code_first, 130) << first.err();
    EXPECT_LT(took_first.count(), 1000) << first.err();
    p.expect_nothing_applied();
}

TEST(InterruptPg, SigintDuringAStatementLockWaitCancelsIt) {
    PgDatabase db;
    CliProject project;
    project.url = db.url();
    project.write_revision("a00000000001", "", "jobs",
                           {"- create_table: {name: jobs, columns: [{name: id, type: integer}]}"},
                           {"- drop_table: {name: jobs}"});
    ASSERT_EQ(project.db({"upgrade"}).exit_code, 0);
    project.write_revision("b00000000002", "a00000000001", "widen",
                           {"- add_column: {table: jobs, column: {name: n, type: integer}}"},
                           {"- drop_column: {table: jobs, name: n}"});
    auto holder = db.open();
    holder->begin(false);
    holder->query(Statement{"SELECT count(*) FROM jobs", {}, false});
    CliProcess run({"db", "--statement-lock-timeout", "60", "upgrade"}, project.path(),
                   project.path(), {{"DATABASE_URL", db.url()}});
    auto deadline = Clock::now() + 15s;
    while (Clock::now() < deadline &&
           db.text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'") == "0")
        std::this_thread::sleep_for(10ms);
    auto [took, code] = stop_with(run, SIGINT);
    ASSERT_TRUE(code) << run.err();
    EXPECT_EQ(*code, 130) << run.err();
    EXPECT_LT(took.count(), 1000) << run.err();
    holder->rollback();
    EXPECT_EQ(db.text("SELECT count(*) FROM information_schema.columns WHERE column_name = 'n'"),
              "0");
    EXPECT_EQ(db.text("SELECT version_num FROM migrate_version"), "a00000000001");
}

}  // namespace
