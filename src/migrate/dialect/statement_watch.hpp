// Limits and observation of a running statement: how long it may wait for a table lock or
// run at all, and what it is doing while it runs (blockers, index build phase, rows copied).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace migrate::dialect {

// Zero means no limit. lock_timeout bounds each wait for a table lock (PostgreSQL's
// lock_timeout; SQLite's busy timeout for the write lock), so that DDL waiting behind a long
// transaction gives up instead of queueing every later query on the table behind it.
struct StatementLimits {
    std::chrono::milliseconds lock_timeout{0};
    std::chrono::milliseconds statement_timeout{0};
    bool operator==(const StatementLimits&) const = default;
};

// A session the running statement waits for (PostgreSQL's pg_blocking_pids).
struct Blocker {
    std::int64_t pid = 0;
    std::string state;                      // "idle in transaction", "active", ...
    std::string query;                      // its latest statement, as pg_stat_activity shows it
    std::int64_t transaction_seconds = -1;  // how long its transaction has been open
    bool operator==(const Blocker&) const = default;
};

// One look at a statement that has run for a while.
struct StatementActivity {
    std::chrono::milliseconds elapsed{0};
    std::string phase;              // "building index: scanning table", "copying rows", ...
    std::int64_t done = -1;         // -1: unknown
    std::int64_t total = -1;        // -1: unknown
    std::string unit;               // "blocks", "rows"
    std::vector<Blocker> blockers;  // non-empty while it waits for a lock they hold
};

// Called on the executing thread while a statement runs: first after `first`, then every
// `every`. It must not use the connection it observes.
struct StatementWatch {
    std::chrono::milliseconds first{5000};
    std::chrono::milliseconds every{5000};
    std::function<void(const StatementActivity&)> on_activity;
    // Whenever the statement is found waiting for a lock: the sessions holding it, seen as
    // soon as can be (well before the lock timeout), whatever first and every say.
    std::function<void(const std::vector<Blocker>&)> on_blocked;
};

// "pid 4242 (idle in transaction for 12 s): SELECT ..." for logs and error context.
std::string describe(const Blocker& blocker);

}  // namespace migrate::dialect
