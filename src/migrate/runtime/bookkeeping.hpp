// The version-table and history statements of one step, built in one place for the online
// runner (which executes them) and the offline script (which prints them).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "migrate/dialect/renderer.hpp"
#include "migrate/script/revision.hpp"

namespace migrate::runtime {

// The head-set transition from before to after: a DELETE per head that goes, an INSERT per
// head that comes (Alembic's HeadMaintainer, as plain rows).
std::vector<dialect::Statement> version_moves(const dialect::Renderer& renderer,
                                              const std::string& version_table,
                                              const std::vector<std::string>& before,
                                              const std::vector<std::string>& after);

// The history row of a step (Renderer::insert_history writes it). applied_by is "user@host" online
// and says "offline --sql script" in a script.
dialect::HistoryEntry history_entry(const std::string& revision, const std::string& direction,
                                    const std::string& checksum, const std::string& message,
                                    std::int64_t duration_ms, const std::string& applied_by);

// user@host of the process, for history rows.
std::string applied_by();

}  // namespace migrate::runtime
