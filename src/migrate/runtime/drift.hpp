// Drift: how the live schema differs from the one the applied revisions describe. Never an
// error by itself: `db verify` lists it, upgrades and downgrades warn about the tables they
// are about to touch.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "migrate/dialect/renderer.hpp"
#include "migrate/schema/table.hpp"
#include "migrate/script/revision_graph.hpp"

namespace migrate::runtime {

struct DriftItem {
    std::string table;  // empty for what concerns the history rather than one table
    std::string description;
    bool operator==(const DriftItem&) const = default;
};

// described: the replay of the applied revisions; live: the inspected database. The
// comparison is the one autogenerate makes, under the dialect's capabilities, so what
// cannot be stored (comments on SQLite) is no drift.
std::vector<DriftItem> drift(const schema::MetaData& described, const schema::MetaData& live,
                             const dialect::Renderer& renderer);

// The drift of a database whose applied set is applied: the replay's skipped operations
// and the differences.
std::vector<DriftItem> drift_of(const script::RevisionGraph& graph,
                                const std::set<std::string>& applied, const schema::MetaData& live,
                                const dialect::Renderer& renderer);

// Logs, as warnings, the drift in the tables the operations of plan touch.
void warn_about_drift(const script::RevisionGraph& graph, const std::set<std::string>& applied,
                      const schema::MetaData& live, const dialect::Renderer& renderer,
                      const std::vector<std::string>& plan, bool upgrading);

}  // namespace migrate::runtime
