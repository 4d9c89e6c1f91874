// Integrity: an applied revision whose file changed since it ran must not pass unnoticed.
// The history table holds the checksum each revision had when it was applied.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "migrate/dialect/renderer.hpp"
#include "migrate/script/revision_graph.hpp"

namespace migrate::runtime {

struct ChangedRevision {
    std::string revision;
    std::string file;
    std::string recorded;  // checksum when applied (or last allowed)
    std::string current;   // checksum of the file now
};

// Applied revisions whose file's checksum differs from the last one recorded for them by
// an upgrade, a stamp or an allowed change. Revisions with no recorded checksum pass.
std::vector<ChangedRevision> changed_revisions(const script::RevisionGraph& graph,
                                               const std::set<std::string>& applied,
                                               const std::vector<dialect::HistoryEntry>& history);

// Error(revision_file) naming each changed revision, its file and both checksums, with
// the --allow-changed hint.
[[noreturn]] void refuse_changed(const std::vector<ChangedRevision>& changed);

// Graph checks for `db verify`: one head unless the heads carry branch labels, and one
// base unless the other bases carry branch labels (an unlabelled second root is an orphan).
// Returns the problems, one line each.
std::vector<std::string> graph_problems(const script::RevisionGraph& graph);

}  // namespace migrate::runtime
