// Progress of a run for people: on a terminal a line as each revision starts and a status
// line refreshed in place while a statement runs long; elsewhere a log line every interval.
#pragma once

#include <chrono>
#include <iosfwd>

#include "migrate/runtime/run_observer.hpp"

namespace migrate::cli {

// err: where the lines go (stderr); terminal: whether it is one. interval: how long a
// statement runs before it is reported, and how often a log line follows.
runtime::RunObserver progress_observer(std::ostream& err, bool terminal,
                                       std::chrono::milliseconds interval);

// "CREATE INDEX ix ON t (a)": the statement on one line, shortened to width characters.
std::string statement_summary(const std::string& sql, std::size_t width);
// "12.5 s, building index: scanning table, 1200 of 5000 blocks (24%)"
std::string activity_text(const dialect::StatementActivity& activity);

}  // namespace migrate::cli
