// The schema at a revision, rebuilt in memory by replaying upgrade operations from base,
// so that renderers that rebuild tables need no live database.
#pragma once

#include <set>
#include <string>

#include "migrate/schema/table.hpp"
#include "migrate/script/revision_graph.hpp"

namespace migrate::runtime {

// Replays the upgrade operations of every revision in applied, parents first.
schema::MetaData schema_at(const script::RevisionGraph& graph,
                           const std::set<std::string>& applied);

}  // namespace migrate::runtime
