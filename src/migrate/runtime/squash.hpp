// The checkpoint `db squash` writes: the schema a range of revisions leaves, created in one
// step from what the revisions before it leave, rendered from the replayed history.
#pragma once

#include <string>
#include <vector>

#include "migrate/script/checkpoint.hpp"
#include "migrate/script/revision_graph.hpp"

namespace migrate::runtime {

struct Checkpoint {
    script::Revision revision;  // id, parents, replaces, upgrade and downgrade filled in
    // The data operations (execute, bulk_insert) of the replaced revisions, which a schema
    // cannot hold: "revision: operation" each, also written into the file as comments for
    // the author to keep (move into upgrade) or drop.
    std::vector<std::string> data_operations;
};

// range: script::squash_range. Error(revision_file) when the history does not replay.
Checkpoint make_checkpoint(const script::RevisionGraph& graph, const script::SquashRange& range,
                           const std::string& id, const std::string& message);

}  // namespace migrate::runtime
