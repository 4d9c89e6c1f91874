// A revision whose DDL waits behind another session's long transaction gives up at the
// statement lock timeout, so the application's queries on that table queue behind it for at
// most that long; it is rolled back, retried with backoff, and finally names the blocker.
#include <gtest/gtest.h>

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

std::string text_of(const migrate::dialect::Row& row) {
    if (auto* s = std::get_if<std::string>(&row.at(0))) return *s;
    return std::to_string(std::get<std::int64_t>(row.at(0)));
}

struct BlockedProject {
    PgDatabase db;
    CliProject project;
    std::unique_ptr<migrate::dialect::Connection> holder = db.open();
    std::string holder_pid;

    BlockedProject() {
        project.url = db.url();
        project.write_revision(
            "a00000000001", "", "jobs",
            {"- create_table: {name: jobs, columns: [{name: id, type: integer, nullable: false}, "
             "{name: name, type: text}], primary_key: {columns: [id]}}"},
            {"- drop_table: {name: jobs}"});
        auto first = project.db({"upgrade"});
        EXPECT_EQ(first.exit_code, 0) << first.err;
        project.write_revision("b00000000002", "a00000000001", "priority",
                               {"- add_column: {table: jobs, column: {name: priority, type: "
                                "integer}}"},
                               {"- drop_column: {table: jobs, name: priority}"});
        // A long transaction that read the table: it holds ACCESS SHARE until it ends, which
        // ALTER TABLE's ACCESS EXCLUSIVE must wait for.
        holder_pid = text_of(holder->query(Statement{"SELECT pg_backend_pid()", {}, false})[0]);
        holder->begin(false);
        holder->query(Statement{"SELECT count(*) FROM jobs", {}, false});
    }

    // Waits until the migration's ALTER TABLE is queued for its lock.
    bool alter_waiting(std::chrono::milliseconds timeout) {
        auto probe = db.open();
        auto deadline = Clock::now() + timeout;
        while (Clock::now() < deadline) {
            auto rows = probe->query(Statement{
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND "
                "query LIKE 'ALTER TABLE%'",
                {},
                false});
            if (text_of(rows.at(0)) != "0") return true;
            std::this_thread::sleep_for(10ms);
        }
        return false;
    }

    std::string has_priority() {
        return text_of(
            db.rows("SELECT count(*) FROM information_schema.columns WHERE table_name = 'jobs' AND "
                    "column_name = 'priority'")[0]);
    }
};

TEST(LockTimeoutPg, OtherQueriesWaitAtMostTheLockTimeoutAndTheBlockerIsNamed) {
    BlockedProject p;
    CliProcess upgrade({"db", "--statement-lock-timeout", "0.5", "--lock-retries", "2", "upgrade"},
                       p.project.path(), p.project.path(), {{"DATABASE_URL", p.db.url()}});
    ASSERT_TRUE(p.alter_waiting(10s)) << upgrade.err();
    // The application reads the table while the migration waits for it: it queues behind the
    // ALTER, which gives up at its 0.5 s lock timeout instead of holding everyone up.
    auto reader = p.db.open();
    auto started = Clock::now();
    reader->query(Statement{"SELECT count(*) FROM jobs", {}, false});
    auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    EXPECT_LT(waited.count(), 500 + 500) << "the reader waited behind the migration";

    auto code = upgrade.wait(30s);
    ASSERT_TRUE(code) << "still running: " << upgrade.err();
    EXPECT_EQ(*code, 4) << upgrade.err();
    auto err = upgrade.err();
    // Each wait names whom it waited for, not only the final error.
    auto first_retry = err.find("retry 1 of 2");
    ASSERT_NE(first_retry, std::string::npos) << err;
    auto line_start = err.rfind('\n', first_retry);
    auto warning = err.substr(line_start + 1, first_retry - line_start);
    EXPECT_NE(warning.find("blocked by pid " + p.holder_pid), std::string::npos) << warning;
    EXPECT_NE(err.find("retry 2 of 2"), std::string::npos) << err;
    EXPECT_NE(err.find("gave up after 3 attempts"), std::string::npos) << err;
    EXPECT_NE(err.find("pid " + p.holder_pid), std::string::npos) << err;
    EXPECT_NE(err.find("SELECT count(*) FROM jobs"), std::string::npos) << err;
    EXPECT_NE(err.find("idle in transaction"), std::string::npos) << err;
    p.holder->rollback();
    EXPECT_EQ(p.has_priority(), "0");
    EXPECT_EQ(p.db.text("SELECT version_num FROM migrate_version"), "a00000000001");
}

TEST(LockTimeoutPg, ARetryAfterTheBlockerEndsApplies) {
    BlockedProject p;
    CliProcess upgrade({"db", "--statement-lock-timeout", "0.3", "--lock-retries", "3", "upgrade"},
                       p.project.path(), p.project.path(), {{"DATABASE_URL", p.db.url()}});
    ASSERT_TRUE(upgrade.wait_for_err("retry 1 of 3", 20s)) << upgrade.err();
    p.holder->rollback();  // the long transaction ends during the backoff
    auto code = upgrade.wait(30s);
    ASSERT_TRUE(code) << upgrade.err();
    EXPECT_EQ(*code, 0) << upgrade.err();
    EXPECT_EQ(p.has_priority(), "1");
    EXPECT_EQ(p.db.text("SELECT version_num FROM migrate_version"), "b00000000002");
    // One history row: the rolled-back attempts left nothing behind.
    EXPECT_EQ(p.db.text("SELECT count(*) FROM migrate_history WHERE revision = 'b00000000002'"),
              "1");
}

TEST(LockTimeoutPg, ARevisionFileSetsItsOwnLockTimeout) {
    BlockedProject p;
    // The revision allows itself 0.2 s, whatever the command line's 30 s say.
    auto path = p.project.revision_files().back();
    auto text = testing_support::read_file(path);
    text.replace(text.find("transactional: true\n"), 20,
                 "transactional: true\nstatement_lock_timeout: 0.2\n");
    testing_support::write_file(path, text);
    auto started = Clock::now();
    auto r = p.project.db({"--statement-lock-timeout", "30", "--lock-retries", "0", "upgrade"});
    auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    EXPECT_EQ(r.exit_code, 4) << r.err;
    EXPECT_LT(took.count(), 5000);
    EXPECT_NE(r.err.find("lock timeout"), std::string::npos) << r.err;
    p.holder->rollback();
    EXPECT_EQ(p.has_priority(), "0");
}

}  // namespace
