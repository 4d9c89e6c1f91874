// The runner's statement limits, its retries after a lock timeout, and what it reports while
// statements run: the parts of a run that deal with a busy database.
#include <algorithm>
#include <thread>

#include "migrate/runtime/runner.hpp"
#include "migrate/support/interrupt.hpp"
#include "migrate/support/log.hpp"
#include "migrate/support/text.hpp"

namespace migrate::runtime {

namespace {

using std::chrono::milliseconds;

std::string seconds_text(milliseconds ms) {
    return fmt::format("{:.1f} s", static_cast<double>(ms.count()) / 1000.0);
}

}  // namespace

milliseconds retry_delay(milliseconds lock_timeout, int attempt) {
    milliseconds base = std::clamp(lock_timeout, milliseconds(100), milliseconds(1000));
    milliseconds delay = base * (1LL << std::clamp(attempt - 1, 0, 10));
    return std::min(delay, milliseconds(30000));
}

void Runner::apply_limits(const script::Revision& revision) {
    dialect::StatementLimits limits = options_.statement_limits;
    if (revision.statement_lock_timeout) limits.lock_timeout = *revision.statement_lock_timeout;
    if (revision.statement_timeout) limits.statement_timeout = *revision.statement_timeout;
    if (limits_sent_ && *limits_sent_ == limits) return;
    connection_.set_limits(limits);
    limits_sent_ = limits;
}

void Runner::watch_statements() {
    // Always watched, even when nothing is reported: the watch is what finds who a
    // statement waits for, which a lock timeout names.
    dialect::StatementWatch watch;
    watch.first = options_.observer.first;
    watch.every = options_.observer.every;
    watch.on_activity = [this](const dialect::StatementActivity& a) { on_activity(a); };
    watch.on_blocked = [this](const std::vector<dialect::Blocker>& b) { blockers_ = b; };
    connection_.set_watch(std::move(watch));
}

void Runner::on_activity(const dialect::StatementActivity& activity) {
    if (options_.observer.statement_running && running_revision_ && running_statement_)
        options_.observer.statement_running(*running_revision_, running_statement_->sql, activity);
}

void Runner::statement_finished() noexcept {
    if (running_statement_ && options_.observer.statement_finished) {
        try {
            options_.observer.statement_finished();
        } catch (...) {  // progress output must not change how a run ends
        }
    }
    running_statement_ = nullptr;
}

void Runner::notify_started(const PreparedStep& step, Direction direction, std::size_t n,
                            std::size_t count) {
    running_revision_ = step.revision;
    blockers_.clear();
    if (options_.observer.revision_started)
        options_.observer.revision_started(
            *step.revision, direction == Direction::upgrade ? "upgrade" : "downgrade", n + 1,
            count);
}

bool Runner::retry_after(Error& e, const script::Revision& revision, bool rolled_back,
                         int attempt) {
    if (e.kind() != ErrorKind::lock_timeout || !rolled_back || interrupted()) return false;
    limits_sent_.reset();
    auto lock_timeout =
        revision.statement_lock_timeout.value_or(options_.statement_limits.lock_timeout);
    std::vector<std::string> who;
    for (const auto& b : blockers_) who.push_back(dialect::describe(b));
    std::string held_by = who.empty() ? "" : "; blocked by " + text::join(who, "; ");
    if (attempt > options_.lock_retries) {
        if (options_.lock_retries > 0)
            e.add_context("gave up after " + std::to_string(attempt) +
                          " attempts, each rolled back on the lock timeout (" +
                          seconds_text(lock_timeout) + ")");
        return false;
    }
    auto delay = retry_delay(lock_timeout, attempt);
    log().warn("{}: {}{}; rolled back, retry {} of {} in {}", revision_label(revision), e.message(),
               held_by, attempt, options_.lock_retries, seconds_text(delay));
    // Sleeps in short steps, so that Ctrl-C ends the wait at once.
    auto until = std::chrono::steady_clock::now() + delay;
    while (std::chrono::steady_clock::now() < until) {
        if (interrupted())
            throw Error(ErrorKind::interrupted, "interrupted while waiting to retry " +
                                                    revision_label(revision) +
                                                    "; it was rolled back");
        std::this_thread::sleep_for(milliseconds(20));
    }
    blockers_.clear();
    return true;
}

}  // namespace migrate::runtime
