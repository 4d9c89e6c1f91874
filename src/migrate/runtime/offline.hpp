// Offline SQL (--sql): the exact script an online run would execute, version-table
// statements and transaction boundaries included, rendered without a database.
#pragma once

#include <string>
#include <vector>

#include "migrate/dialect/renderer.hpp"
#include "migrate/runtime/runner.hpp"
#include "migrate/script/revision_graph.hpp"

namespace migrate::runtime {

// The comment every offline script and `db show --sql` carries: it was not planned against
// a database, so it holds only where the database is what the revisions describe.
inline constexpr const char* kOfflineBasis =
    "-- rendered without a database: this script assumes the schema the revisions describe\n"
    "-- (replayed from base); an online run is planned against what the database holds\n";

// range: "FROM:TO" (FROM defaults to base for an upgrade) or, for an upgrade, just "TO".
// A downgrade needs its start ("head:base", "abc123:-1"): there is no database to ask.
std::string offline_script(const script::RevisionGraph& graph, const dialect::Renderer& renderer,
                           const RunnerOptions& options, bool upgrading, const std::string& range);

// The statements of one revision's upgrade (or downgrade), rendered on the schema its
// ancestors leave, literals in place: what `db show REV --sql` prints for review.
std::vector<std::string> revision_statements(const script::RevisionGraph& graph,
                                             const dialect::Renderer& renderer,
                                             const std::string& id, bool upgrading);

}  // namespace migrate::runtime
