// Waiting for a statement's result without blocking in libpq: a SIGINT or SIGTERM sends a
// cancel request to the server (so the statement stops there, not only here), and while the
// statement runs a second session reports what it waits for and how far an index build is.
#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>

#include "migrate/dialect/postgres/connection.hpp"
#include "migrate/support/interrupt.hpp"

namespace migrate::dialect::postgres {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

bool is_error(pg_result* r) {
    auto status = PQresultStatus(r);
    return status == PGRES_FATAL_ERROR || status == PGRES_BAD_RESPONSE;
}

int millis_until(Clock::time_point when) {
    auto left = std::chrono::duration_cast<milliseconds>(when - Clock::now()).count();
    return static_cast<int>(std::clamp<long long>(left, 0, 50));
}

}  // namespace

void PostgresConnection::cancel_on_server() noexcept {
    // PQcancel opens its own connection to the server; the session keeps waiting for the
    // statement's (now failing) result as usual.
    PGcancel* cancel = PQgetCancel(conn_.get());
    if (!cancel) return;
    char reason[256] = {};
    PQcancel(cancel, reason, sizeof reason);
    PQfreeCancel(cancel);
}

pg_result* PostgresConnection::wait_for_result() {
    const auto started = Clock::now();
    interrupted_ = false;
    blockers_.clear();
    // Only a statement that began before the signal is cancelled: what the runner sends after
    // it (ROLLBACK, reading the version table) must still run.
    const bool cancellable = !migrate::interrupted();
    const bool watched = watch_.on_activity || watch_.on_blocked;
    // Blockers are looked for early enough to be seen before the lock timeout ends the wait.
    milliseconds probe_every{1000};
    if (limits_.lock_timeout.count() > 0)
        probe_every = std::min(probe_every, limits_.lock_timeout / 2);
    if (watch_.on_activity) probe_every = std::min(probe_every, watch_.every);
    probe_every = std::max(probe_every, milliseconds(50));
    auto next_probe = started + std::min(probe_every, watch_.first);
    auto next_report = started + watch_.first;
    bool cancel_sent = false;
    while (PQisBusy(conn_.get())) {
        if (cancellable && !cancel_sent && migrate::interrupted()) {
            cancel_on_server();
            cancel_sent = interrupted_ = true;
        }
        if (watched && Clock::now() >= next_probe) {
            look_at_running(started, next_report);
            next_probe = Clock::now() + probe_every;
        }
        pollfd socket{PQsocket(conn_.get()), POLLIN, 0};
        poll(&socket, 1, watched ? millis_until(next_probe) : 50);
        if (!PQconsumeInput(conn_.get())) break;  // lost: PQgetResult says so
    }
    // The last result, or the first error: the server stops at an error.
    pg_result* kept = nullptr;
    while (pg_result* r = PQgetResult(conn_.get())) {
        if (kept && is_error(kept)) {
            PQclear(r);
            continue;
        }
        PQclear(kept);
        kept = r;
    }
    return kept;
}

void PostgresConnection::look_at_running(std::chrono::steady_clock::time_point started,
                                         std::chrono::steady_clock::time_point& next_report) {
    if (!monitor_) monitor_ = std::make_unique<Monitor>(params_);
    auto activity = monitor_->probe(PQbackendPID(conn_.get()));
    activity.elapsed = std::chrono::duration_cast<milliseconds>(Clock::now() - started);
    // Callbacks must not abandon a statement in flight, so nothing they throw gets out.
    if (!activity.blockers.empty()) {
        blockers_ = activity.blockers;
        activity.phase = activity.phase.empty() ? "waiting for a lock" : activity.phase;
        try {
            if (watch_.on_blocked) watch_.on_blocked(blockers_);
        } catch (...) {
        }
    }
    if (!watch_.on_activity || Clock::now() < next_report) return;
    try {
        watch_.on_activity(activity);
    } catch (...) {
    }
    next_report = Clock::now() + watch_.every;
}

void PostgresConnection::set_limits(const StatementLimits& limits) {
    auto setting = [](milliseconds ms) { return std::to_string(ms.count()) + "ms"; };  // 0: off
    query(
        Statement{"SELECT pg_catalog.set_config('lock_timeout', $1, false), "
                  "pg_catalog.set_config('statement_timeout', $2, false)",
                  {setting(limits.lock_timeout), setting(limits.statement_timeout)},
                  false});
    limits_ = limits;
}

void PostgresConnection::set_watch(StatementWatch watch) {
    watch_ = std::move(watch);
}

}  // namespace migrate::dialect::postgres
