// Alembic's revision target forms, resolved on the revision graph: heads, head, base,
// current, ids and prefixes, labels, LABEL@head, REV+N, REV-N, head-1, +N, -N, LABEL@+N, ...
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "migrate/script/revision_graph.hpp"

namespace migrate::script {

// What a target names.
struct Target {
    std::vector<std::string> revisions;  // sorted; empty: base
    std::optional<std::string> branch;   // LABEL@...: the branch it was named on
};

// The forms, REV standing for an id, a unique id prefix or a branch label:
//   heads, head, base, REV                 absolute
//   current                                the revisions of `current` (the database's rows)
//   LABEL@head, LABEL@heads, LABEL@base    the head(s) or the base of LABEL's branch
//   LABEL@REV                              REV, which must be on LABEL's branch
//   REV+N, REV-N, head-1, LABEL@head-2     N steps up (children) or down (parents) from REV
//   +N, -N, LABEL@+N, LABEL@-N             N steps from `current` (on LABEL's branch)
// current is nullptr where no database is at hand; a form that needs it is then an error
// saying so. Errors are Error(usage), naming what is unknown or ambiguous (several heads,
// children or parents to choose from) and how to name one.
Target resolve_target(const RevisionGraph& graph, const std::string& spec,
                      const std::vector<std::string>* current);

// What a downgrade to spec reverts, given the applied revisions (unordered; the caller
// reverts children first). -N counts back from the database's single head, one revision at
// a time, and refuses when there are several heads to choose from, naming them.
std::set<std::string> downgrade_set(const RevisionGraph& graph,
                                    const std::set<std::string>& applied, const std::string& spec);

// Fails on what the graph alone can tell is wrong with spec (unknown revision or label, a
// malformed N), so that a command stops before opening its database.
void check_target_form(const RevisionGraph& graph, const std::string& spec, bool upgrading);

// The version rows after stamping the destinations, as Alembic stamps: each destination
// replaces the current rows of its own lineage; rows on unrelated branches stay. A base
// destination removes every row.
std::vector<std::string> stamp_heads(const RevisionGraph& graph,
                                     const std::vector<std::string>& current,
                                     const std::vector<Target>& destinations);

}  // namespace migrate::script
