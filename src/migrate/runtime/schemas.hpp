// The PostgreSQL schemas a migration history names, so that inspection reads those (and the
// connection's own) and no other: a schema the application does not manage is never seen.
#pragma once

#include <set>
#include <string>

#include "migrate/schema/table.hpp"
#include "migrate/script/revision_graph.hpp"

namespace migrate::runtime {

// Every schema an operation of any revision names (create_schema, "schema.table"); an outline
// graph (no operations) names none.
std::set<std::string> schemas_named(const script::RevisionGraph& graph);

}  // namespace migrate::runtime
