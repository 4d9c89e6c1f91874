// What a run reports while it works, for progress lines: each revision as it starts and ends,
// and a statement that runs long (its SQL and what the database says it is doing).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "migrate/dialect/statement_watch.hpp"
#include "migrate/script/revision.hpp"

namespace migrate::runtime {

struct RunObserver {
    // position is 1-based, of count revisions in this run; direction "upgrade" or "downgrade".
    std::function<void(const script::Revision& revision, const char* direction,
                       std::size_t position, std::size_t count)>
        revision_started;
    // First after `first`, then every `every`, while one statement runs.
    std::function<void(const script::Revision& revision, const std::string& sql,
                       const dialect::StatementActivity& activity)>
        statement_running;
    // After each statement, done or failed (a status line is cleared here, before any log
    // line about it).
    std::function<void()> statement_finished;
    // After its statements ran and its version moved.
    std::function<void(const script::Revision& revision, std::int64_t duration_ms)>
        revision_finished;
    std::chrono::milliseconds first{5000};
    std::chrono::milliseconds every{5000};
};

}  // namespace migrate::runtime
