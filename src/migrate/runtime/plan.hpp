// Which revisions an upgrade or downgrade runs, in order: pure functions of the graph,
// the applied set and a target, so they are tested without a database.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "migrate/script/revision_graph.hpp"

namespace migrate::runtime {

// Everything applied when the version table holds these heads (their ancestors).
// Throws Error(revision_file) when a head is not defined by any file.
std::set<std::string> applied_set(const script::RevisionGraph& graph,
                                  const std::vector<std::string>& current_heads);

// Revisions to apply, parents first. target: any form of script/target.hpp ("heads" by
// default, "+N" counted from the applied revisions' heads). Throws Error(usage) for unknown
// targets, too large N, or a target below the applied revisions.
std::vector<std::string> plan_upgrade(const script::RevisionGraph& graph,
                                      const std::set<std::string>& applied,
                                      const std::string& target);

// Revisions to revert, children first. target: "-N", "base", a revision (which stays
// applied), "label@-N", ... (script::downgrade_set). Throws Error(usage) for a target below
// base or not applied, and for -N from several heads.
std::vector<std::string> plan_downgrade(const script::RevisionGraph& graph,
                                        const std::set<std::string>& applied,
                                        const std::string& target);

// Checks what the graph alone can say about a target (it exists, a relative one is well
// formed), so that a command fails on it before opening the database.
void check_target(const script::RevisionGraph& graph, const std::string& target, bool upgrading);

// The version rows stamping targets leaves on a database whose rows are current: each
// target replaces the rows of its lineage (script::stamp_heads).
std::vector<std::string> plan_stamp(const script::RevisionGraph& graph,
                                    const std::vector<std::string>& targets,
                                    const std::vector<std::string>& current);

}  // namespace migrate::runtime
