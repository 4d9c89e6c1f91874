// The progress handler runs every kProgressOps virtual machine instructions of a statement;
// returning non-zero makes SQLite stop it with SQLITE_INTERRUPT.
#include "migrate/dialect/sqlite/watcher.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <thread>

#include "migrate/support/interrupt.hpp"

namespace migrate::dialect::sqlite {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// About a millisecond of work between looks: Ctrl-C answers at once, the cost is nil.
constexpr int kProgressOps = 1000;

}  // namespace

Watcher::Watcher(sqlite3* db, milliseconds busy_timeout) : db_(db), busy_timeout_(busy_timeout) {
    sqlite3_busy_handler(db_, &Watcher::on_busy, this);
}

Watcher::~Watcher() {
    sqlite3_busy_handler(db_, nullptr, nullptr);
    sqlite3_progress_handler(db_, 0, nullptr, nullptr);
}

void Watcher::set_limits(const StatementLimits& limits) {
    limits_ = limits;
    if (limits.lock_timeout.count() > 0) busy_timeout_ = limits.lock_timeout;
}

void Watcher::start(sqlite3_stmt* stmt, const std::string& sql) {
    stmt_ = stmt;
    // rebuild.cpp's copy: INSERT INTO _migrate_tmp_<table> (...) SELECT ... FROM <table>,
    // the name quoted where it needs to be.
    const std::string insert = "INSERT INTO ";
    std::size_t name = sql.rfind(insert, 0) == 0 ? insert.size() : std::string::npos;
    if (name != std::string::npos && name < sql.size() && sql[name] == '"') ++name;
    copying_ = name != std::string::npos && sql.compare(name, 13, "_migrate_tmp_") == 0;
    cancellable_ = !migrate::interrupted();
    stopped_ = Stop::none;
    started_ = Clock::now();
    next_report_ = started_ + watch_.first;
    sqlite3_progress_handler(db_, kProgressOps, &Watcher::on_progress, this);
}

void Watcher::stop() noexcept {
    sqlite3_progress_handler(db_, 0, nullptr, nullptr);
    stmt_ = nullptr;
}

int Watcher::on_progress(void* self) noexcept {
    return static_cast<Watcher*>(self)->progress();
}

int Watcher::on_busy(void* self, int count) noexcept {
    return static_cast<Watcher*>(self)->busy(count);
}

int Watcher::progress() noexcept {
    if (cancellable_ && migrate::interrupted()) {
        stopped_ = Stop::interrupted;
        return 1;
    }
    auto now = Clock::now();
    if (limits_.statement_timeout.count() > 0 && now - started_ >= limits_.statement_timeout) {
        stopped_ = Stop::timed_out;
        return 1;
    }
    if (watch_.on_activity && now >= next_report_) {
        StatementActivity activity;
        activity.elapsed = std::chrono::duration_cast<milliseconds>(now - started_);
        if (copying_ && stmt_) {
            // The copy reads the old table in one full scan: its steps are the rows copied.
            activity.phase = "copying rows";
            activity.done = sqlite3_stmt_status(stmt_, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0);
            activity.unit = "rows";
        }
        try {
            watch_.on_activity(activity);
        } catch (...) {  // an exception must not cross SQLite's C frames
        }
        next_report_ = Clock::now() + watch_.every;
    }
    return 0;
}

int Watcher::busy(int count) noexcept {
    // Short sleeps rather than sqlite3_busy_timeout's, so that Ctrl-C ends the wait.
    auto now = Clock::now();
    if (count == 0) busy_started_ = now;
    if (migrate::interrupted()) {
        stopped_ = Stop::interrupted;
        return 0;
    }
    if (now - busy_started_ >= busy_timeout_) return 0;
    std::this_thread::sleep_for(
        std::min<milliseconds>(milliseconds(count < 5 ? 2 : 20), busy_timeout_));
    return 1;
}

}  // namespace migrate::dialect::sqlite
