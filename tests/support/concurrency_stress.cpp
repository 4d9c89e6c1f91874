// Concurrency stress shared by the SQLite (cli_test) and PostgreSQL (pg_test) tests.
#include "tests/support/concurrency_stress.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <latch>
#include <map>
#include <memory>
#include <thread>
#include <utility>

#include "migrate/dialect/connection.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/sqlite_file.hpp"
#include "tests/support/temp_dir.hpp"

namespace testing_support {

namespace {

using migrate::dialect::Statement;

constexpr int kRevisions = 5;
constexpr int kRunners = 8;
constexpr int kRounds = 10;

std::string revision_id(int i) {
    char id[16];
    std::snprintf(id, sizeof id, "cc%010x", i + 1);
    return id;
}

// Revision i creates t_i, counts for a moment (so the runners overlap), and inserts one row:
// a revision run twice would fail on its table or leave two rows.
std::string revision_yaml(int i) {
    const std::string t = "t_" + std::to_string(i);
    return "revision: '" + revision_id(i) +
           "'\ndown_revision: " + (i == 0 ? std::string("null") : "'" + revision_id(i - 1) + "'") +
           "\nmessage: step " + std::to_string(i) + "\nupgrade:\n  - create_table: {name: " + t +
           ", columns: [{name: id, type: integer}]}\n  - execute: {sql: \"WITH RECURSIVE c(x) AS "
           "(SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000) SELECT count(*) FROM c\"}\n"
           "  - bulk_insert: {table: " +
           t + ", columns: [id], rows: [[1]]}\ndowngrade:\n  - drop_table: {name: " + t + "}\n";
}

std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t count = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++count;
    return count;
}

std::unique_ptr<migrate::dialect::Connection> connect(const std::string& url) {
    return migrate::dialect::open(migrate::dialect::parse_url(url),
                                  std::chrono::milliseconds(5000));
}

// The highest history id so far: rows above it belong to the next round.
std::int64_t last_history_id(const std::string& url) {
    auto c = connect(url);
    if (!c->table_exists("migrate_history")) return 0;
    auto rows = c->query(Statement{"SELECT max(id) FROM migrate_history", {}, false});
    auto* id = std::get_if<std::int64_t>(&rows.at(0).at(0));
    return id ? *id : 0;
}

// Starts every runner at the same moment (a latch releases the threads together); returns
// their results in start order.
std::vector<CliResult> run_together(const std::filesystem::path& dir, const std::string& url) {
    std::vector<CliResult> results(kRunners);
    std::latch ready(kRunners);
    std::vector<std::thread> threads;
    for (auto& result : results)
        threads.emplace_back([&] {
            ready.arrive_and_wait();
            result = run_cli({"db", "upgrade"}, dir, {{"DATABASE_URL", url}});
        });
    for (auto& t : threads) t.join();
    return results;
}

// One round's outcome, read back with SQL: every revision upgraded exactly once, in chain
// order, nothing else written, each table holding its one row, the version at head.
void expect_each_revision_once(const std::string& url, std::int64_t history_before,
                               const std::vector<CliResult>& results) {
    auto c = connect(url);
    std::vector<std::pair<std::string, std::string>> rows, want;
    std::map<std::string, int> upgrades;
    for (const auto& row :
         c->query(Statement{"SELECT revision, direction FROM migrate_history WHERE id > " +
                                std::to_string(history_before) + " ORDER BY id",
                            {},
                            false})) {
        rows.emplace_back(value_text(row.at(0)), value_text(row.at(1)));
        if (rows.back().second == "upgrade") ++upgrades[rows.back().first];
    }
    std::string printed;
    for (const auto& r : results) printed += r.out;
    for (int i = 0; i < kRevisions; ++i) {
        want.emplace_back(revision_id(i), "upgrade");
        EXPECT_EQ(upgrades[revision_id(i)], 1) << revision_id(i) << " upgrade rows this round";
        // And exactly one runner says it ran it.
        EXPECT_EQ(occurrences(printed, "upgrade  " + revision_id(i)), 1u) << revision_id(i) << "\n"
                                                                          << printed;
        auto count = c->query(Statement{"SELECT count(*) FROM t_" + std::to_string(i), {}, false});
        EXPECT_EQ(value_text(count.at(0).at(0)), "1") << "rows in t_" << i;
    }
    EXPECT_EQ(rows, want) << "history rows written this round";
    std::vector<std::string> versions;
    for (const auto& row :
         c->query(Statement{"SELECT version_num FROM migrate_version", {}, false}))
        versions.push_back(value_text(row.at(0)));
    EXPECT_EQ(versions, std::vector<std::string>{revision_id(kRevisions - 1)});
}

}  // namespace

void run_concurrency_stress(const std::function<std::string(int round)>& fresh_url) {
    TempDir dir;
    for (int i = 0; i < kRevisions; ++i)
        write_file(dir / ("migrations/versions/" + revision_id(i) + ".yaml"), revision_yaml(i));
    int waited = 0;
    std::string url;
    for (int round = 0; round < kRounds; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        // Even rounds race on a fresh database (the version tables do not exist yet); odd
        // rounds on the previous round's database brought back to base, with its history.
        if (round % 2 == 0) {
            url = fresh_url(round);
        } else {
            auto down = run_cli({"db", "downgrade", "base"}, dir.path(), {{"DATABASE_URL", url}});
            ASSERT_EQ(down.exit_code, 0) << down.err;
        }
        const std::int64_t history_before = last_history_id(url);
        auto results = run_together(dir.path(), url);
        for (const auto& r : results) {
            EXPECT_EQ(r.exit_code, 0) << r.err;
            if (r.err.find("waiting for another migration run, pid") != std::string::npos) ++waited;
        }
        expect_each_revision_once(url, history_before, results);
        if (::testing::Test::HasFailure()) return;
    }
    // Runners that overlapped must have said so while they waited.
    EXPECT_GT(waited, 0);
    std::printf("%d of %d runs logged that they waited\n", waited, kRunners * kRounds);
}

}  // namespace testing_support
