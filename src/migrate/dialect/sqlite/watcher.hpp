// SQLite's progress and busy handlers for one connection: Ctrl-C (migrate::interrupted())
// and statement_timeout stop a running statement through the progress handler, a wait for
// the write lock gives up at the lock timeout or on Ctrl-C, and a long statement is reported
// (a table rebuild's copy with the rows copied so far).
#pragma once

#include <chrono>
#include <string>

#include "migrate/dialect/statement_watch.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace migrate::dialect::sqlite {

class Watcher {
  public:
    // Installs the busy handler on db (replacing sqlite3_busy_timeout's) for busy_timeout.
    Watcher(sqlite3* db, std::chrono::milliseconds busy_timeout);
    ~Watcher();
    Watcher(const Watcher&) = delete;
    Watcher& operator=(const Watcher&) = delete;

    // lock_timeout 0 keeps the busy timeout the connection was opened with.
    void set_limits(const StatementLimits& limits);
    void set_watch(StatementWatch watch) { watch_ = std::move(watch); }
    std::chrono::milliseconds busy_timeout() const { return busy_timeout_; }

    // Around the steps of one statement: stmt is what the report counts rows of.
    void start(sqlite3_stmt* stmt, const std::string& sql);
    void stop() noexcept;

    // Why the latest statement or wait ended early, for its error.
    enum class Stop { none, interrupted, timed_out };
    Stop stopped() const { return stopped_; }
    std::chrono::milliseconds statement_timeout() const { return limits_.statement_timeout; }

  private:
    static int on_progress(void* self) noexcept;
    static int on_busy(void* self, int count) noexcept;
    int progress() noexcept;
    int busy(int count) noexcept;

    sqlite3* db_;
    std::chrono::milliseconds busy_timeout_;
    StatementLimits limits_;
    StatementWatch watch_;
    Stop stopped_ = Stop::none;
    // The statement in flight.
    sqlite3_stmt* stmt_ = nullptr;
    bool copying_ = false;     // a rebuild's copy into _migrate_tmp_<table>
    bool cancellable_ = true;  // it began before any signal (cleanup after one must run)
    std::chrono::steady_clock::time_point started_, next_report_, busy_started_;
};

}  // namespace migrate::dialect::sqlite
