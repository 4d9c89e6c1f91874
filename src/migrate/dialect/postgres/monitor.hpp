// A second session that looks at the first while one of its statements runs: which sessions
// it waits for (pg_blocking_pids) and how far an index build has got
// (pg_stat_progress_create_index). The first session is busy, so it cannot ask itself.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "migrate/dialect/statement_watch.hpp"

struct pg_conn;

namespace migrate::dialect::postgres {

class Monitor {
  public:
    // The keywords and values the watched session connected with; nothing connects until
    // the first probe.
    explicit Monitor(std::vector<std::pair<std::string, std::string>> params);
    ~Monitor();
    Monitor(const Monitor&) = delete;
    Monitor& operator=(const Monitor&) = delete;

    // What backend pid is doing now. Never throws: a monitor that cannot connect or query
    // (no second connection slot, say) reports nothing, and the statement runs on unwatched.
    StatementActivity probe(int pid) noexcept;

  private:
    struct Closer {
        void operator()(pg_conn* c) const noexcept;
    };
    bool connect() noexcept;
    std::vector<std::pair<std::string, std::string>> params_;
    std::unique_ptr<pg_conn, Closer> conn_;
    bool failed_ = false;
};

}  // namespace migrate::dialect::postgres
