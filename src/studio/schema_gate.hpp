// Where the database stands against migrations/versions: for the start-up gate and /healthz.
#pragma once

#include <string>
#include <vector>

#include "migrate/dialect/connection.hpp"
#include "migrate/script/revision_graph.hpp"

namespace studio {

struct SchemaStatus {
    enum class State { in_sync, behind, unknown_revision };
    State state = State::in_sync;
    std::vector<std::string> current;  // the version rows, sorted
    std::vector<std::string> heads;    // of the revision files, sorted
    std::vector<std::string> unknown;  // version rows no revision file has (ahead of this build)
};

SchemaStatus schema_status(migrate::dialect::Connection& connection,
                           const migrate::script::RevisionGraph& graph,
                           const std::string& version_table, const std::string& history_table);

std::string join_revisions(const std::vector<std::string>& revisions);  // "a, b" or "(none)"

}  // namespace studio
