// Several runners on one SQLite file at once: they serialise, each revision runs once,
// and a waiting runner says whom it waits for.
#include <gtest/gtest.h>

#include <thread>

#include "migrate/dialect/connection.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using testing_support::CliResult;
using testing_support::run_cli;
using testing_support::TempDir;
using testing_support::write_file;

// Each revision creates a table and spends a moment counting, so the runs overlap.
std::string slow_revision(const std::string& id, const std::string& parent) {
    return "revision: " + id + "\ndown_revision: " + parent + "\nmessage: slow " + id +
           "\nupgrade:\n  - create_table: {name: t_" + id +
           ", columns: [{name: id, type: integer}]}\n  - execute: {sql: \"WITH RECURSIVE c(x) AS "
           "(SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000) SELECT count(*) FROM c\"}\n"
           "downgrade:\n  - drop_table: {name: t_" +
           id + "}\n";
}

TEST(Concurrency, RunnersOnOneSqliteFileSerialise) {
    TempDir dir;
    write_file(dir / "migrations/versions/a.yaml", slow_revision("a00000000001", "null"));
    write_file(dir / "migrations/versions/b.yaml", slow_revision("b00000000002", "a00000000001"));
    write_file(dir / "migrations/versions/c.yaml", slow_revision("c00000000003", "b00000000002"));
    std::map<std::string, std::string> env{
        {"DATABASE_URL", "sqlite:///" + (dir / "app.db").string()}};

    std::vector<CliResult> results(3);
    std::vector<std::thread> runners;
    for (auto& result : results)
        runners.emplace_back([&] { result = run_cli({"db", "upgrade"}, dir.path(), env); });
    for (auto& t : runners) t.join();

    bool someone_waited = false;
    for (const auto& r : results) {
        EXPECT_EQ(r.exit_code, 0) << r.err;
        someone_waited = someone_waited ||
                         r.err.find("waiting for another migration run, pid") != std::string::npos;
    }
    EXPECT_TRUE(someone_waited);
    auto history = run_cli({"db", "history", "--applied"}, dir.path(), env);
    for (const char* id : {"a00000000001", "b00000000002", "c00000000003"}) {
        std::size_t count = 0;
        for (std::size_t at = 0;
             (at = history.out.find(std::string("upgrade  ") + id, at)) != std::string::npos; ++at)
            ++count;
        EXPECT_EQ(count, 1u) << id << " ran " << count << " times\n" << history.out;
    }
}

TEST(Concurrency, LockTimeoutExitsFour) {
    TempDir dir;
    write_file(dir / "migrations/versions/a.yaml", slow_revision("a00000000001", "null"));
    std::map<std::string, std::string> env{
        {"DATABASE_URL", "sqlite:///" + (dir / "app.db").string()}};
    // A runner that holds the lock: the lock file locked by this test process.
    auto holder = migrate::dialect::open(migrate::dialect::parse_url(env["DATABASE_URL"]),
                                         std::chrono::milliseconds(1000));
    holder->acquire_migration_lock("migrate_version", std::chrono::milliseconds(1000));
    auto r = run_cli({"db", "--lock-timeout", "0.3", "upgrade"}, dir.path(), env);
    holder->release_migration_lock();
    EXPECT_EQ(r.exit_code, 4) << r.err;
    EXPECT_NE(r.err.find("another migration run (pid " + std::to_string(getpid()) + ")"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(run_cli({"db", "upgrade"}, dir.path(), env).exit_code, 0);
}

}  // namespace
