// The schema the revisions describe: each applied revision's assumes (what it found made
// outside the revisions) and then its upgrade, replayed from base in memory. Offline
// rendering needs it (there is no database); drift is the live schema measured against it.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "migrate/schema/table.hpp"
#include "migrate/script/revision_graph.hpp"

namespace migrate::runtime {

// Replays every revision in applied, parents first. An upgrade operation that cannot apply
// throws Error(revision_file) naming the revision, the operation and its line; an assumes
// operation that is already true (an earlier revision made the object) is skipped.
schema::MetaData schema_at(const script::RevisionGraph& graph,
                           const std::set<std::string>& applied);

struct Description {
    schema::MetaData schema;
    // The operations that could not apply, one line each: the history does not say what
    // they touched (a hand-made object, a database older than the revisions).
    std::vector<std::string> skipped;
};

// The same, skipping what cannot apply instead of failing: for measuring drift, where a
// history that does not replay cleanly is itself worth reporting.
Description described_schema(const script::RevisionGraph& graph,
                             const std::set<std::string>& applied);

}  // namespace migrate::runtime
