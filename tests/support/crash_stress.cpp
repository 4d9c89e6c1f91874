// Crash stress shared by the SQLite (cli_test) and PostgreSQL (pg_test) tests: SIGKILLs at
// random moments of a 50-revision upgrade, the database checked after each one.
#include "tests/support/crash_stress.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <system_error>
#include <thread>
#include <utility>

#include "migrate/dialect/connection.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/sqlite_file.hpp"
#include "tests/support/temp_dir.hpp"

namespace testing_support {

namespace {

using migrate::dialect::Statement;
using Clock = std::chrono::steady_clock;

constexpr int kRevisions = 50;

std::string revision_id(int i) {
    char id[16];
    std::snprintf(id, sizeof id, "c5%010x", i + 1);
    return id;
}

std::string table_name(int i) {
    return "k_" + std::to_string(i);
}

// Revision i creates k_i with an index, counts for a few milliseconds (so that many kills
// land inside the revision's transaction, after its DDL), then inserts one row.
std::string revision_yaml(int i) {
    const std::string t = table_name(i);
    return "revision: '" + revision_id(i) +
           "'\ndown_revision: " + (i == 0 ? std::string("null") : "'" + revision_id(i - 1) + "'") +
           "\nmessage: step " + std::to_string(i) + "\nupgrade:\n  - create_table: {name: " + t +
           ", columns: [{name: id, type: integer, nullable: false}, {name: v, type: "
           "string(20)}], primary_key: {name: pk_" +
           t + ", columns: [id]}}\n  - create_index: {name: ix_" + t + "_v, table: " + t +
           ", columns: [v]}\n  - execute: {sql: \"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL "
           "SELECT x + 1 FROM c WHERE x < 10000) SELECT count(*) FROM c\"}\n"
           "  - bulk_insert: {table: " +
           t + ", columns: [id, v], rows: [[1, \"x\"]]}\ndowngrade:\n  - drop_index: {name: ix_" +
           t + "_v, table: " + t + "}\n  - drop_table: {name: " + t + "}\n";
}

// Sessions on this database other than the caller's, as text.
std::string other_backends(migrate::dialect::Connection& c) {
    auto rows = c.query(Statement{
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> "
        "pg_backend_pid()",
        {},
        false});
    return value_text(rows.at(0).at(0));
}

// The schema objects besides the version tables, as "kind name": tables and indexes.
const char* const kSqliteObjects =
    "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name "
    "NOT LIKE 'migrate\\_%' ESCAPE '\\'";
const char* const kPostgresObjects =
    "SELECT c.relkind::text, c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = "
    "c.relnamespace WHERE n.nspname = 'public' AND c.relname NOT LIKE 'migrate\\_%' AND "
    "c.relkind NOT IN ('t', 'c')";

using HistoryRow = std::pair<std::string, std::string>;  // revision, direction

// What the database must hold, tracked across the test: the history is append-only and
// deterministic (each completed cycle is upgrades 0..n-1 then downgrades n-1..0; the cycle
// in progress is upgrades 0..k-1 for the k applied revisions), so the whole history table
// is compared row for row, not only counted.
class Ledger {
  public:
    explicit Ledger(std::string url) : url_(std::move(url)) {}

    // Reads version, schema, rows and history in one connection; returns how many
    // revisions are applied (-1 when the version row is not one of the chain's).
    int check() {
        auto c = migrate::dialect::open(migrate::dialect::parse_url(url_),
                                        std::chrono::milliseconds(5000));
        const bool postgres = c->dialect_name() == "postgresql";
        if (postgres) {
            // A killed client's backend lives on until it notices the closed socket, and a
            // COMMIT it had already received still commits: read only once it has gone, so
            // that all reads below see one state.
            auto deadline = Clock::now() + std::chrono::seconds(20);
            std::string others;
            while ((others = other_backends(*c)) != "0" && Clock::now() < deadline)
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            EXPECT_EQ(others, "0") << "backends of killed runners still connected after 20 s";
        }
        std::vector<std::string> versions;
        if (c->table_exists("migrate_version"))
            for (const auto& row :
                 c->query(Statement{"SELECT version_num FROM migrate_version", {}, false}))
                versions.push_back(value_text(row.at(0)));
        EXPECT_LE(versions.size(), 1u) << "a linear chain has at most one version row";
        int applied = 0;
        if (!versions.empty()) {
            applied = -1;
            for (int i = 0; i < kRevisions; ++i)
                if (revision_id(i) == versions[0]) applied = i + 1;
            EXPECT_GE(applied, 1) << "unknown version " << versions[0];
            if (applied < 1) return -1;
        }
        // A kill never undoes a committed revision.
        EXPECT_GE(applied, applied_) << "the applied prefix shrank";
        applied_ = applied;

        // Exactly the applied revisions' tables and indexes, nothing of the one in flight.
        std::set<std::string> objects, expected;
        for (const auto& row :
             c->query(Statement{postgres ? kPostgresObjects : kSqliteObjects, {}, false}))
            objects.insert(value_text(row.at(0)) + " " + value_text(row.at(1)));
        for (int i = 0; i < applied; ++i) {
            if (postgres) {
                expected.insert("r " + table_name(i));
                expected.insert("i pk_" + table_name(i));
                expected.insert("i ix_" + table_name(i) + "_v");
            } else {
                expected.insert("table " + table_name(i));
                expected.insert("index ix_" + table_name(i) + "_v");
            }
        }
        EXPECT_EQ(objects, expected) << "version " << (versions.empty() ? "base" : versions[0]);

        // Each applied revision's row is there once: its insert committed with its DDL.
        for (int i = 0; i < applied && objects == expected; ++i) {
            auto rows = c->query(Statement{"SELECT id, v FROM " + table_name(i), {}, false});
            std::string seen;
            for (const auto& row : rows)
                seen += value_text(row.at(0)) + "," + value_text(row.at(1)) + ";";
            EXPECT_EQ(seen, "1,x;") << table_name(i);
        }

        std::vector<HistoryRow> history;
        if (c->table_exists("migrate_history"))
            for (const auto& row : c->query(Statement{
                     "SELECT revision, direction, checksum FROM migrate_history ORDER BY id",
                     {},
                     false})) {
                history.emplace_back(value_text(row.at(0)), value_text(row.at(1)));
                // Every row of a revision carries the same checksum as its first one.
                auto [it, first] = checksums_.emplace(value_text(row.at(0)), value_text(row.at(2)));
                EXPECT_EQ(it->second, value_text(row.at(2))) << "checksum of " << it->first;
                EXPECT_FALSE(it->second.empty() || it->second == "NULL") << it->first;
            }
        auto want = completed_;
        for (int i = 0; i < applied; ++i) want.emplace_back(revision_id(i), "upgrade");
        EXPECT_EQ(history, want) << "history after " << cycles_ << " full cycles, " << applied
                                 << " applied";
        return applied;
    }

    // `db downgrade base` ran to completion: the cycle's rows are final.
    void completed_cycle() {
        for (int i = 0; i < kRevisions; ++i) completed_.emplace_back(revision_id(i), "upgrade");
        for (int i = kRevisions - 1; i >= 0; --i)
            completed_.emplace_back(revision_id(i), "downgrade");
        applied_ = 0;
        ++cycles_;
    }
    int cycles() const { return cycles_; }
    int applied() const { return applied_; }

  private:
    std::string url_;
    std::vector<HistoryRow> completed_;
    std::map<std::string, std::string> checksums_;
    int applied_ = 0;
    int cycles_ = 0;
};

// Starts `db upgrade` in a child process with its output discarded; returns its pid.
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

// A scratch directory on tmpfs when there is one. A SIGKILL loses nothing the page cache
// holds, so fsync adds nothing to what this test checks, while on a busy disk it made the
// test three times slower.
class ScratchDir {
  public:
    ScratchDir() {
        std::string pattern = "/dev/shm/crewstudio-stress-XXXXXX";
        if (access("/dev/shm", W_OK) == 0 && mkdtemp(pattern.data()))
            path_ = pattern;
        else
            fallback_ = std::make_unique<TempDir>();
    }
    ~ScratchDir() {
        std::error_code ignored;
        if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const std::filesystem::path& path() const { return fallback_ ? fallback_->path() : path_; }
    std::filesystem::path operator/(const std::string& name) const { return path() / name; }

  private:
    std::filesystem::path path_;
    std::unique_ptr<TempDir> fallback_;
};

// CREWSTUDIO_STRESS_SEED replays a failing sequence of delays.
unsigned stress_seed() {
    if (const char* s = std::getenv("CREWSTUDIO_STRESS_SEED"); s && *s)
        return static_cast<unsigned>(std::strtoul(s, nullptr, 10));
    return std::random_device{}();
}

}  // namespace

void run_crash_stress(int kills,
                      const std::function<std::string(const std::filesystem::path&)>& fresh_url) {
    ScratchDir dir;
    for (int i = 0; i < kRevisions; ++i)
        write_file(dir / ("migrations/versions/" + revision_id(i) + ".yaml"), revision_yaml(i));
    const std::string url = fresh_url(dir.path());
    const std::map<std::string, std::string> env{{"DATABASE_URL", url}};
    const unsigned seed = stress_seed();
    SCOPED_TRACE("seed " + std::to_string(seed) +
                 " (replay: CREWSTUDIO_STRESS_SEED=" + std::to_string(seed) + ")");
    Ledger ledger(url);

    // One full uncontended upgrade, timed: the kill delays are spread over its duration.
    auto started = Clock::now();
    auto full_run = run_cli({"db", "upgrade"}, dir.path(), env);
    auto full = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started);
    ASSERT_EQ(full_run.exit_code, 0) << full_run.err;
    ASSERT_EQ(ledger.check(), kRevisions);
    auto down = run_cli({"db", "downgrade", "base"}, dir.path(), env);
    ASSERT_EQ(down.exit_code, 0) << down.err;
    ledger.completed_cycle();
    ASSERT_EQ(ledger.check(), 0);

    std::mt19937 rng(seed);
    // Up to half as long again: when the machine gets busier than it was for the timed run,
    // some runs still outlive their delay and finish.
    std::uniform_int_distribution<long long> delay_us(0, full.count() * 3 / 2);
    int killed_before_progress = 0, killed_midway = 0, finished = 0;
    for (int k = 0; k < kills; ++k) {
        const long long delay = delay_us(rng);
        SCOPED_TRACE("kill " + std::to_string(k) + " after " + std::to_string(delay) + " us");
        const int before = ledger.applied();
        pid_t pid = start_upgrade(dir.path(), url);
        ASSERT_GT(pid, 0);
        std::this_thread::sleep_for(std::chrono::microseconds(delay));
        kill(pid, SIGKILL);
        int status = 0;
        ASSERT_EQ(waitpid(pid, &status, 0), pid);
        const int applied = ledger.check();
        // The run that outlived its delay is the rerun after the previous kill: it must
        // have succeeded and reached head.
        if (WIFEXITED(status)) {
            ++finished;
            EXPECT_EQ(WEXITSTATUS(status), 0);
            EXPECT_EQ(applied, kRevisions);
        } else {
            ++(applied == before ? killed_before_progress : killed_midway);
        }
        if (::testing::Test::HasFailure()) return;
        if (applied == kRevisions) {
            down = run_cli({"db", "downgrade", "base"}, dir.path(), env);
            ASSERT_EQ(down.exit_code, 0) << down.err;
            ledger.completed_cycle();
            ASSERT_EQ(ledger.check(), 0);
        }
    }

    auto last = run_cli({"db", "upgrade"}, dir.path(), env);
    EXPECT_EQ(last.exit_code, 0) << last.err;
    EXPECT_EQ(ledger.check(), kRevisions);
    auto current = run_cli({"db", "current"}, dir.path(), env);
    EXPECT_NE(current.out.find(revision_id(kRevisions - 1)), std::string::npos) << current.out;
    auto verify = run_cli({"db", "verify"}, dir.path(), env);
    EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
    // Both outcomes must have happened, or the delays did not cover the run.
    EXPECT_GT(killed_midway, 0);
    EXPECT_GT(finished, 0);
    std::printf(
        "seed %u; full upgrade %lld ms; runs killed before any commit %d, killed midway %d, "
        "finished %d; %d cycles\n",
        seed, static_cast<long long>(full.count() / 1000), killed_before_progress, killed_midway,
        finished, ledger.cycles());
}

}  // namespace testing_support
