// How a blocking session is named in logs and errors.
#include "migrate/dialect/statement_watch.hpp"

#include "migrate/support/text.hpp"

namespace migrate::dialect {

std::string describe(const Blocker& blocker) {
    std::string s = "pid " + std::to_string(blocker.pid);
    std::string state = blocker.state.empty() ? "" : blocker.state;
    if (blocker.transaction_seconds >= 0)
        state += (state.empty() ? "" : ", ") + std::string("transaction open ") +
                 std::to_string(blocker.transaction_seconds) + " s";
    if (!state.empty()) s += " (" + state + ")";
    // One line: the query as the blocker last sent it, shortened.
    std::string query = text::trim(blocker.query);
    for (auto& c : query)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    if (query.size() > 120) query = query.substr(0, 117) + "...";
    if (!query.empty()) s += ": " + query;
    return s;
}

}  // namespace migrate::dialect
