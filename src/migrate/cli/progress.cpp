// The terminal status line is rewritten with "\r" and cleared with ESC[K; it is cleared
// before anything else prints a line, so log output never lands in the middle of it.
#include "migrate/cli/progress.hpp"

#include <fmt/format.h>

#include <memory>
#include <ostream>

#include "migrate/support/log.hpp"
#include "migrate/support/text.hpp"

namespace migrate::cli {

namespace {

using std::chrono::milliseconds;

constexpr const char* kClearLine = "\r\033[K";

struct StatusLine {
    std::ostream& err;
    bool shown = false;
    void clear() {
        if (shown) err << kClearLine << std::flush;
        shown = false;
    }
};

}  // namespace

std::string statement_summary(const std::string& sql, std::size_t width) {
    std::string line;
    bool space = false;
    for (char c : text::trim(sql)) {
        bool blank = c == ' ' || c == '\n' || c == '\t' || c == '\r';
        if (blank && !space) line += ' ';
        if (!blank) line += c;
        space = blank;
    }
    if (line.size() > width && width > 3) line = line.substr(0, width - 3) + "...";
    return line;
}

std::string activity_text(const dialect::StatementActivity& activity) {
    std::string s = fmt::format("{:.1f} s", static_cast<double>(activity.elapsed.count()) / 1000);
    if (!activity.phase.empty()) s += ", " + activity.phase;
    if (activity.done >= 0 && activity.total > 0)
        s += fmt::format(", {} of {} {} ({}%)", activity.done, activity.total, activity.unit,
                         activity.done * 100 / activity.total);
    else if (activity.done >= 0)
        s += fmt::format(", {} {}", activity.done, activity.unit);
    if (!activity.blockers.empty())
        s += ", waiting for pid " + std::to_string(activity.blockers.front().pid);
    return s;
}

runtime::RunObserver progress_observer(std::ostream& err, bool terminal, milliseconds interval) {
    runtime::RunObserver observer;
    auto status = std::make_shared<StatusLine>(StatusLine{err});
    if (!terminal) {
        observer.first = observer.every = interval;
        observer.statement_running = [](const script::Revision& revision, const std::string& sql,
                                        const dialect::StatementActivity& activity) {
            log().info("{} still running: {} ({})", revision.id, statement_summary(sql, 80),
                       activity_text(activity));
        };
        return observer;
    }
    // A terminal is refreshed often, and only once a statement has run a moment.
    observer.first = std::min(interval, milliseconds(2000));
    observer.every = std::min(interval, milliseconds(500));
    observer.revision_started = [status](const script::Revision& revision, const char* direction,
                                         std::size_t position, std::size_t count) {
        status->clear();
        status->err << fmt::format("{} {}/{} {} {}\n", direction, position, count, revision.id,
                                   revision.message)
                    << std::flush;
    };
    observer.statement_running = [status](const script::Revision&, const std::string& sql,
                                          const dialect::StatementActivity& activity) {
        status->err << kClearLine << "  " << activity_text(activity) << ": "
                    << statement_summary(sql, 60) << std::flush;
        status->shown = true;
    };
    observer.statement_finished = [status] { status->clear(); };
    return observer;
}

}  // namespace migrate::cli
