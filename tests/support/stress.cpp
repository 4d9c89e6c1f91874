// Stress helpers shared by the SQLite (cli_test) and PostgreSQL (pg_test) stress tests.
#include "tests/support/stress.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <random>
#include <thread>

#include "migrate/dialect/connection.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/temp_dir.hpp"

namespace testing_support {

namespace {

std::string text_of(const migrate::schema::Value& v) {
    if (auto* s = std::get_if<std::string>(&v)) return *s;
    if (auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
    return "";
}

pid_t start_upgrade(const std::filesystem::path& dir, const std::string& url) {
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr)) _exit(127);
        if (chdir(dir.c_str()) != 0) _exit(127);
        setenv("DATABASE_URL", url.c_str(), 1);
        execl(CREWSTUDIO_BIN, CREWSTUDIO_BIN, "db", "upgrade", static_cast<char*>(nullptr));
        _exit(127);
    }
    return pid;
}

}  // namespace

std::string chain_id(int i) {
    char id[16];
    std::snprintf(id, sizeof id, "5e%010x", i + 1);
    return id;
}

void write_chain(const std::filesystem::path& dir, int n) {
    for (int i = 0; i < n; ++i) {
        std::string t = "s_" + std::to_string(i);
        write_file(dir / ("migrations/versions/" + chain_id(i) + ".yaml"),
                   "revision: " + chain_id(i) + "\ndown_revision: " +
                       (i == 0 ? std::string("null") : "'" + chain_id(i - 1) + "'") +
                       "\nmessage: step " + std::to_string(i) +
                       "\nupgrade:\n  - create_table: {name: " + t +
                       ", columns: [{name: id, type: integer, nullable: false}, {name: v, type: "
                       "string(20)}], primary_key: {name: pk_" +
                       t +
                       ", columns: [id]}}\n"
                       "  - create_index: {name: ix_" +
                       t + "_v, table: " + t +
                       ", columns: [v]}\n"
                       "  - bulk_insert: {table: " +
                       t +
                       ", columns: [id, v], rows: [[1, \"x\"]]}\n"
                       "downgrade:\n  - drop_index: {name: ix_" +
                       t + "_v, table: " + t +
                       "}\n"
                       "  - drop_table: {name: " +
                       t + "}\n");
    }
}

int expect_consistent(const std::string& url, int n) {
    auto c =
        migrate::dialect::open(migrate::dialect::parse_url(url), std::chrono::milliseconds(5000));
    std::vector<std::string> versions;
    if (c->table_exists("migrate_version"))
        for (const auto& row : c->query({"SELECT version_num FROM migrate_version", {}, false}))
            versions.push_back(text_of(row[0]));
    EXPECT_LE(versions.size(), 1u);
    int applied = 0;
    if (!versions.empty())
        for (int i = 0; i < n; ++i)
            if (chain_id(i) == versions[0]) applied = i + 1;
    EXPECT_TRUE(versions.empty() || applied > 0) << "unknown version " << versions[0];

    std::set<std::string> tables, expected;
    for (const auto& t : c->inspect({"migrate_version", "migrate_history"}).tables)
        tables.insert(t.name);
    for (int i = 0; i < applied; ++i) expected.insert("s_" + std::to_string(i));
    EXPECT_EQ(tables, expected) << "version " << (versions.empty() ? "base" : versions[0]);

    std::map<std::string, int> balance;
    if (c->table_exists("migrate_history"))
        for (const auto& row :
             c->query({"SELECT revision, direction FROM migrate_history", {}, false})) {
            auto direction = text_of(row[1]);
            if (direction == "upgrade") ++balance[text_of(row[0])];
            if (direction == "downgrade") --balance[text_of(row[0])];
        }
    for (int i = 0; i < n; ++i)
        EXPECT_EQ(balance[chain_id(i)], i < applied ? 1 : 0) << "history of " << chain_id(i);
    return applied;
}

void kill_at_random_moments(const std::filesystem::path& dir, const std::string& url, int n,
                            int kills, unsigned seed) {
    std::map<std::string, std::string> env{{"DATABASE_URL", url}};
    auto started = std::chrono::steady_clock::now();
    ASSERT_EQ(run_cli({"db", "upgrade"}, dir, env).exit_code, 0);
    auto full = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - started);
    ASSERT_EQ(run_cli({"db", "downgrade", "base"}, dir, env).exit_code, 0);
    std::mt19937 rng(seed);
    std::uniform_int_distribution<long long> delay(0, full.count());
    for (int k = 0; k < kills; ++k) {
        SCOPED_TRACE("kill " + std::to_string(k) + ", seed " + std::to_string(seed));
        pid_t pid = start_upgrade(dir, url);
        std::this_thread::sleep_for(std::chrono::microseconds(delay(rng)));
        kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        int applied = expect_consistent(url, n);
        if (::testing::Test::HasFailure()) return;
        if (applied == n) {
            ASSERT_EQ(run_cli({"db", "downgrade", "base"}, dir, env).exit_code, 0);
            expect_consistent(url, n);
        }
    }
    auto last = run_cli({"db", "upgrade"}, dir, env);
    EXPECT_EQ(last.exit_code, 0) << last.err;
    EXPECT_EQ(expect_consistent(url, n), n);
}

void concurrent_rounds(const std::filesystem::path& dir, const std::string& url, int n, int runners,
                       int rounds) {
    std::map<std::string, std::string> env{{"DATABASE_URL", url}};
    for (int round = 0; round < rounds; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        std::vector<CliResult> results(static_cast<std::size_t>(runners));
        std::vector<std::thread> threads;
        for (auto& r : results)
            threads.emplace_back([&] { r = run_cli({"db", "upgrade"}, dir, env); });
        for (auto& t : threads) t.join();
        for (const auto& r : results) EXPECT_EQ(r.exit_code, 0) << r.err;
        // Each revision ran exactly once in this round: one more upgrade than downgrades.
        EXPECT_EQ(expect_consistent(url, n), n);
        if (::testing::Test::HasFailure()) return;
        ASSERT_EQ(run_cli({"db", "downgrade", "base"}, dir, env).exit_code, 0);
    }
}

}  // namespace testing_support
