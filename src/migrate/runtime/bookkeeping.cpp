// Version moves and history rows, for the runner and for offline scripts alike.
#include "migrate/runtime/bookkeeping.hpp"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "migrate/support/text.hpp"
#include "migrate/support/version.hpp"

namespace migrate::runtime {

std::vector<dialect::Statement> version_moves(const dialect::Renderer& renderer,
                                              const std::string& version_table,
                                              const std::vector<std::string>& before,
                                              const std::vector<std::string>& after) {
    auto has = [](const std::vector<std::string>& list, const std::string& id) {
        return std::find(list.begin(), list.end(), id) != list.end();
    };
    std::vector<dialect::Statement> out;
    for (const auto& id : before)
        if (!has(after, id)) out.push_back(renderer.delete_version(version_table, id));
    for (const auto& id : after)
        if (!has(before, id)) out.push_back(renderer.insert_version(version_table, id));
    return out;
}

dialect::HistoryEntry history_entry(const std::string& revision, const std::string& direction,
                                    const std::string& checksum, const std::string& message,
                                    std::int64_t duration_ms, const std::string& applied_by) {
    dialect::HistoryEntry entry;
    entry.revision = revision;
    entry.direction = direction;
    entry.checksum = checksum;
    entry.message = message;
    entry.applied_at = text::utc_now_iso8601();
    entry.duration_ms = duration_ms;
    entry.applied_by = applied_by;
    entry.tool_version = kToolVersion;
    return entry;
}

std::string applied_by() {
    std::string user;
    if (const char* u = std::getenv("USER"); u && *u) user = u;
    if (user.empty())
        if (const passwd* pw = getpwuid(geteuid())) user = pw->pw_name;
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    return (user.empty() ? "unknown" : user) + "@" + host;
}

}  // namespace migrate::runtime
