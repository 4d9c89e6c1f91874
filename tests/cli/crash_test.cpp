// A runner killed outright, or interrupted with Ctrl-C, leaves the database at a revision
// whose schema matches its recorded version, and the next run completes.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "migrate/dialect/connection.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

using testing_support::run_cli;
using testing_support::TempDir;
using testing_support::write_file;

const std::vector<std::string> kIds = {"a00000000001", "b00000000002", "c00000000003",
                                       "d00000000004"};

struct SlowProject {
    TempDir dir;
    std::string url = "sqlite:///" + (dir / "app.db").string();
    SlowProject() {
        std::string parent = "null";
        for (const auto& id : kIds) {
            write_file(
                dir / ("migrations/versions/" + id + ".yaml"),
                "revision: " + id + "\ndown_revision: " + parent + "\nmessage: slow " + id +
                    "\nupgrade:\n  - create_table: {name: t_" + id +
                    ", columns: [{name: id, type: integer}]}\n  - execute: {sql: \"WITH "
                    "RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < "
                    "1500000) SELECT count(*) FROM c\"}\ndowngrade:\n  - drop_table: {name: t_" +
                    id + "}\n");
            parent = id;
        }
    }
    // Starts `db upgrade` in the background, with stderr to a file; returns its pid.
    pid_t start_upgrade() {
        pid_t pid = fork();
        if (pid == 0) {
            freopen((dir / "stderr").c_str(), "w", stderr);
            freopen("/dev/null", "w", stdout);
            if (chdir(dir.path().c_str()) != 0) _exit(127);
            setenv("DATABASE_URL", url.c_str(), 1);
            execl(CREWSTUDIO_BIN, CREWSTUDIO_BIN, "db", "upgrade", static_cast<char*>(nullptr));
            _exit(127);
        }
        return pid;
    }
    // The recorded version matches the tables that exist: t_<id> exists exactly for the
    // applied revisions.
    void expect_consistent() {
        auto c = migrate::dialect::open(migrate::dialect::parse_url(url),
                                        std::chrono::milliseconds(2000));
        std::set<std::string> tables;
        for (const auto& row :
             c->query({"SELECT name FROM sqlite_master WHERE name LIKE 't_%'", {}, false}))
            tables.insert(std::get<std::string>(row[0]));
        std::string version;
        if (c->table_exists("migrate_version"))
            for (const auto& row : c->query({"SELECT version_num FROM migrate_version", {}, false}))
                version = std::get<std::string>(row[0]);
        std::set<std::string> expected;
        for (const auto& id : kIds) {
            if (version.empty()) break;
            expected.insert("t_" + id);
            if (id == version) break;
        }
        EXPECT_EQ(tables, expected) << "version " << version;
    }
};

int wait_exit(pid_t pid) {
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

TEST(Crash, KilledAtAnyMomentLeavesAConsistentVersion) {
    for (int delay_ms : {50, 250, 600, 900}) {
        SCOPED_TRACE("killed after " + std::to_string(delay_ms) + " ms");
        SlowProject p;
        pid_t pid = p.start_upgrade();
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
        kill(pid, SIGKILL);
        wait_exit(pid);
        p.expect_consistent();
        auto again = run_cli({"db", "upgrade"}, p.dir.path(), {{"DATABASE_URL", p.url}});
        EXPECT_EQ(again.exit_code, 0) << again.err;
        p.expect_consistent();
        EXPECT_NE(run_cli({"db", "current"}, p.dir.path(), {{"DATABASE_URL", p.url}})
                      .out.find(kIds.back()),
                  std::string::npos);
    }
}

TEST(Crash, CtrlCRollsBackTheCurrentRevisionAndExits130) {
    SlowProject p;
    pid_t pid = p.start_upgrade();
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    kill(pid, SIGINT);
    int code = wait_exit(pid);
    auto err = testing_support::read_file(p.dir / "stderr");
    if (code == 0)
        GTEST_FAIL() << "the run finished before the interrupt; make the revisions slower";
    EXPECT_EQ(code, 130) << err;
    EXPECT_NE(err.find("interrupted"), std::string::npos) << err;
    EXPECT_NE(err.find("the database is at"), std::string::npos) << err;
    p.expect_consistent();
    EXPECT_EQ(run_cli({"db", "upgrade"}, p.dir.path(), {{"DATABASE_URL", p.url}}).exit_code, 0);
    p.expect_consistent();
}

}  // namespace
