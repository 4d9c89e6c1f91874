// Offline SQL (--sql): the exact script an online run would execute, version-table
// statements and transaction boundaries included, rendered without a database.
#pragma once

#include <string>

#include "migrate/dialect/renderer.hpp"
#include "migrate/runtime/runner.hpp"
#include "migrate/script/revision_graph.hpp"

namespace migrate::runtime {

// range: "FROM:TO" (FROM defaults to base for an upgrade) or, for an upgrade, just "TO".
// A downgrade needs its start ("head:base", "abc123:-1"): there is no database to ask.
std::string offline_script(const script::RevisionGraph& graph, const dialect::Renderer& renderer,
                           const RunnerOptions& options, bool upgrading, const std::string& range);

}  // namespace migrate::runtime
